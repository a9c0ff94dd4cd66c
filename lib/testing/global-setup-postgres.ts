import pg from "pg";
import type { TestProject } from "vitest/node";
import { applyMigrations } from "../db/migrate.ts";
import { startPostgresCluster } from "./postgres-cluster.ts";
import "./test-database.ts";

const TEST_DATABASE = "orchestrator_test";

/** A throwaway PostgreSQL 15 cluster with a migrated database for the test files. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startPostgresCluster();
  try {
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${TEST_DATABASE}`).finally(() => admin.end());
    const url = new URL(cluster.url);
    url.pathname = `/${TEST_DATABASE}`;
    await applyMigrations({ kind: "postgres", connection: { connectionString: url.toString() } });
    project.provide("testDatabase", { kind: "postgres", url: url.toString() });
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return () => cluster.stop();
}
