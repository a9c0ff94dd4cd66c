import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const everyTest = ["lib/**/*.test.ts", "app/**/*.test.ts", "scripts/**/*.test.ts"];
// Files that start workers: a worker claims any queued run of its database, so these run one file at a
// time, on a database of their own, apart from the files that run in parallel.
const serialTests = ["**/*.serial.test.ts"];

const databases = [
  { name: "pglite", globalSetup: ["lib/testing/global-setup-pglite.ts"] },
  { name: "postgres", globalSetup: ["lib/testing/global-setup-postgres.ts"] },
];

// Every test file runs twice: against the embedded PGlite database and against a real PostgreSQL 15.
export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL("./", import.meta.url)) } },
  test: {
    setupFiles: ["lib/testing/setup-test-database-env.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: databases.flatMap(({ name, globalSetup }) => [
      { extends: true, test: { name, globalSetup, include: everyTest, exclude: [...serialTests, "node_modules/**"] } },
      { extends: true, test: { name: `${name}-workers`, globalSetup, include: serialTests, exclude: ["node_modules/**"], fileParallelism: false } },
    ]),
  },
});
