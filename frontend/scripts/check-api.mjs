// Fails when src/api/schema.d.ts is not what the backend's OpenAPI document generates now.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { dumpOpenApi } from "./dump-openapi.mjs";
import { limitsModule } from "./field-limits.mjs";

const here = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const work = mkdtempSync(join(tmpdir(), "keel-api-"));
try {
  const spec = join(work, "openapi.json");
  const fresh = join(work, "schema.d.ts");
  dumpOpenApi(spec);
  execFileSync(resolve(here, "node_modules/.bin/openapi-typescript"), [spec, "-o", fresh], {
    cwd: here,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const committed = readFileSync(resolve(here, "src/api/schema.d.ts"), "utf8");
  if (readFileSync(fresh, "utf8") !== committed) {
    console.error(
      "frontend/src/api/schema.d.ts is stale: the backend's OpenAPI document changed. " +
        "Run `npm run gen:api` in frontend/ and commit the result.",
    );
    process.exit(1);
  }
  const limits = limitsModule(JSON.parse(readFileSync(spec, "utf8")));
  if (limits !== readFileSync(resolve(here, "src/api/limits.ts"), "utf8")) {
    console.error(
      "frontend/src/api/limits.ts is stale: a field limit in the backend's OpenAPI document changed. " +
        "Run `npm run gen:api` in frontend/ and commit the result.",
    );
    process.exit(1);
  }
  console.log("Typed API client and field limits match the backend's OpenAPI document.");
} finally {
  rmSync(work, { recursive: true, force: true });
}
