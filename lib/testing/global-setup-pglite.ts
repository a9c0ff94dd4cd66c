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
  const teardown = async () => {
    try {
      await server.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  };
  try {
    await applyMigrations({ kind: "pglite", db: server.db });
  } catch (error) {
    await teardown();
    throw error;
  }
  project.provide("testDatabase", { kind: "pglite", dataDir });
  return teardown;
}
