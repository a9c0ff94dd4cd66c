// npm run db:migrate: applies prisma/migrations to the configured database — the Postgres of
// DATABASE_URL, or else the embedded database of DATA_DIR (through the socket of the process serving
// it, or opened by this process, under the same lock `npm start` takes, when none does).
async function main(): Promise<void> {
  // Imported here so an invalid environment is reported like any other failure.
  const { env } = await import("../lib/env.mjs");
  const { provideDatabase } = await import("../lib/db/provide-database.ts");
  const { migrateProvidedDatabase } = await import("../lib/db/migrate-provided-database.ts");

  const database = await provideDatabase();
  const where =
    database.kind === "postgres"
      ? "the Postgres database of DATABASE_URL"
      : `the embedded database of ${env.DATA_DIR}${database.embedded ? "" : " (through the running server's socket)"}`;
  try {
    const { applied } = await migrateProvidedDatabase(database).catch((error: unknown) => {
      throw database.kind === "postgres"
        ? withHint(error, "check DATABASE_URL and that the Postgres server is running and reachable")
        : error;
    });
    if (applied.length === 0) {
      console.log(`No migrations to apply: ${where} is up to date.`);
      return;
    }
    console.log(`Applied ${applied.length} migration(s) to ${where}:`);
    for (const name of applied) console.log(`  ${name}`);
  } finally {
    await database.close();
  }
}

function withHint(error: unknown, hint: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`${message}\n(${hint})`, { cause: error });
}

main().catch((error: unknown) => {
  console.error(`db:migrate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});

export {};
