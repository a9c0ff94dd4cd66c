// npm run db:migration:create -- --name <name>: writes prisma/migrations/<timestamp>_<name>/ from the
// difference between the existing migrations and prisma/schema.prisma. Needs no database.
import path from "node:path";
import { parseArgs } from "node:util";
import { createMigration } from "../lib/db/migrate.ts";

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { name: { type: "string" } } });
  if (!values.name) throw new Error("Missing --name: npm run db:migration:create -- --name add_something");

  const directory = await createMigration(values.name);
  console.log(
    directory
      ? `Created ${path.relative(process.cwd(), directory)}/migration.sql — review it, then apply with npm run db:migrate.`
      : "prisma/schema.prisma already matches the migrations: nothing to create.",
  );
}

main().catch((error: unknown) => {
  console.error(`db:migration:create failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
