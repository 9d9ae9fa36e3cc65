// Vite plugin: copies Swagger UI (the npm package swagger-ui-dist, pinned by package-lock.json) and
// api-docs/keel-docs.js into the build's api-docs/ folder, so the backend serves /docs without a CDN.
import { cpSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";

const FILES = ["swagger-ui.css", "swagger-ui-bundle.js", "favicon-32x32.png", "LICENSE", "NOTICE"];

export function apiDocs() {
  let outDir = "";
  let root = "";
  return {
    name: "keel-api-docs",
    apply: "build",
    configResolved(config) {
      root = config.root;
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const dist = dirname(createRequire(join(root, "package.json")).resolve("swagger-ui-dist/package.json"));
      const target = join(outDir, "api-docs");
      mkdirSync(target, { recursive: true });
      for (const file of FILES) cpSync(join(dist, file), join(target, file));
      cpSync(join(root, "api-docs", "keel-docs.js"), join(target, "keel-docs.js"));
    },
  };
}
