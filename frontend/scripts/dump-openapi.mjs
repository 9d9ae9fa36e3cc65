// Writes the backend's OpenAPI document (no server needed) to the file named on the command line.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const python = process.env.KEEL_PYTHON ?? resolve(root, ".venv/bin/python");
const code =
  "import json; from backend.main import create_app; " +
  "print(json.dumps(create_app().openapi(), indent=2, sort_keys=True))";

export function dumpOpenApi(target) {
  const text = execFileSync(python, ["-c", code], { cwd: root, encoding: "utf8" });
  writeFileSync(target, text);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  dumpOpenApi(process.argv[2] ?? "openapi.json");
}
