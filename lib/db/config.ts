import type { PoolConfig } from "pg";
import { env } from "../env.mjs";
import { embeddedConnection, embeddedSocketDir } from "./embedded-server.ts";

export type DatabaseKind = "pglite" | "postgres";

/** Postgres when DATABASE_URL is set; otherwise the embedded PGlite database kept in DATA_DIR. */
export function databaseKind(): DatabaseKind {
  return env.DATABASE_URL ? "postgres" : "pglite";
}

/** How a process reaches the database: the embedded one is served by the process that owns DATA_DIR. */
export function poolConfig(): PoolConfig {
  if (env.DATABASE_URL) return { connectionString: env.DATABASE_URL };
  return embeddedConnection(embeddedSocketDir(env.DATA_DIR));
}
