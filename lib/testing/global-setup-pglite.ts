import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { embeddedSocketDir, startEmbeddedServer } from "../db/embedded-server.ts";
import { applyMigrations } from "../db/migrate.ts";
import "./test-database.ts";

/** An in-memory embedded database served on the socket of a temp DATA_DIR, as the app would serve it. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "orch-test-"));
  const server = await startEmbeddedServer({ dataDir: null, socketDir: embeddedSocketDir(dataDir) });
  await applyMigrations({ kind: "pglite", db: server.db });
  project.provide("testDatabase", { kind: "pglite", dataDir });
  return async () => {
    try {
      await server.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  };
}
