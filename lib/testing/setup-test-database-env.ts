// Runs in each test worker before a test file is imported: lib/env.mjs reads the environment at import
// time, so the database the project's global setup prepared must be in process.env first.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";
import "./test-database.ts";

const database = inject("testDatabase");
if (database.kind === "postgres") {
  process.env.DATABASE_URL = database.url;
  process.env.AUTH_SECRET ??= "test-secret-shared-by-every-server-of-the-test-database";
  process.env.DATA_DIR = mkdtempSync(path.join(os.tmpdir(), "orch-test-data-")); // mirrors and workspaces
} else {
  delete process.env.DATABASE_URL;
  process.env.DATA_DIR = database.dataDir;
}
