/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { apiDocs } from "./scripts/api-docs.mjs";

// The build goes straight into the backend's static folder: `keel serve` gives API and pages at one address;
// Swagger UI for /docs goes into its api-docs/ folder.
export default defineConfig({
  plugins: [react(), apiDocs()],
  build: { outDir: "../backend/static", emptyOutDir: true },
  server: { proxy: { "/api": "http://127.0.0.1:8765" } },
  // Pure logic (.ts) runs in Node; only component tests (.tsx) pay for a simulated DOM (jsdom).
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "logic",
          environment: "node",
          include: ["src/**/*.test.ts", "scripts/**/*.test.mjs"],
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: "components",
          environment: "jsdom",
          setupFiles: ["./src/test/setup.ts"],
          include: ["src/**/*.test.tsx"],
          // Typing tests (user-event, a key at a time) pass 5 s on a machine shared with other builds.
          testTimeout: 20_000,
        },
      },
    ],
  },
});
