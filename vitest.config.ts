import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Every test file runs twice: against the embedded PGlite database and against a real PostgreSQL 15.
export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL("./", import.meta.url)) } },
  test: {
    include: ["lib/**/*.test.ts", "app/**/*.test.ts", "scripts/**/*.test.ts"],
    setupFiles: ["lib/testing/setup-test-database-env.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: "pglite", globalSetup: ["lib/testing/global-setup-pglite.ts"] } },
      { extends: true, test: { name: "postgres", globalSetup: ["lib/testing/global-setup-postgres.ts"] } },
    ],
  },
});
