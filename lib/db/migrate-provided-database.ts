import { poolConfig } from "./config.ts";
import { applyMigrations } from "./migrate.ts";
import type { ProvidedDatabase } from "./provide-database.ts";

/** Applies pending migrations to the database this process reaches: in-process when it owns PGlite. */
export async function migrateProvidedDatabase(database: ProvidedDatabase): Promise<{ applied: string[] }> {
  return database.embedded
    ? applyMigrations({ kind: "pglite", db: database.embedded.db })
    : applyMigrations({ kind: "postgres", connection: poolConfig() });
}
