// npm run db:migrate: applies prisma/migrations to the configured database — the Postgres of
// DATABASE_URL, or else the embedded database of DATA_DIR (through the socket of the process serving
// it, or opened directly when none does).
import { mkdirSync } from "node:fs";
import net from "node:net";
import path from "node:path";

async function main(): Promise<void> {
  // Imported here so an invalid environment is reported like any other failure.
  const { env } = await import("../lib/env.mjs");
  const { applyMigrations } = await import("../lib/db/migrate.ts");
  const { embeddedConnection, embeddedSocketDir } = await import("../lib/db/embedded-server.ts");

  if (env.DATABASE_URL) {
    const { applied } = await applyMigrations({ kind: "postgres", connection: { connectionString: env.DATABASE_URL } }).catch(
      (error: unknown) => {
        throw withHint(error, "check DATABASE_URL and that the Postgres server is running and reachable");
      },
    );
    report(applied, "the Postgres database of DATABASE_URL");
    return;
  }

  const socketDir = embeddedSocketDir(env.DATA_DIR);
  const connection = embeddedConnection(socketDir);
  if (await acceptsConnections(path.join(socketDir, `.s.PGSQL.${connection.port}`))) {
    const { applied } = await applyMigrations({ kind: "postgres", connection });
    report(applied, `the embedded database of ${env.DATA_DIR} (through the running server's socket)`);
    return;
  }

  // No process serves the database, so this one may open its directory (PGlite allows one opener).
  const { PGlite } = await import("@electric-sql/pglite");
  mkdirSync(env.DATA_DIR, { recursive: true });
  const db = await PGlite.create(path.join(env.DATA_DIR, "pglite"));
  try {
    const { applied } = await applyMigrations({ kind: "pglite", db });
    report(applied, `the embedded database of ${env.DATA_DIR}`);
  } finally {
    await db.close();
  }
}

function acceptsConnections(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function report(applied: string[], where: string): void {
  if (applied.length === 0) {
    console.log(`No migrations to apply: ${where} is up to date.`);
    return;
  }
  console.log(`Applied ${applied.length} migration(s) to ${where}:`);
  for (const name of applied) console.log(`  ${name}`);
}

function withHint(error: unknown, hint: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`${message}\n(${hint})`, { cause: error });
}

main().catch((error: unknown) => {
  console.error(`db:migrate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
