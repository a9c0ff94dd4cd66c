import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, test } from "vitest";
import "../testing/test-database.ts";
import { prisma } from "./client.ts";
import { databaseKind, poolConfig } from "./config.ts";
import { embeddedSocketDir, startEmbeddedServer } from "./embedded-server.ts";
import { applyMigrations, createMigration, projectPrismaPaths, type MigrationTarget } from "./migrate.ts";

type Query = (sql: string) => Promise<Array<Record<string, unknown>>>;

const temporaryDirs: string[] = [];
async function temporaryDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "migrate-test-"));
  temporaryDirs.push(dir);
  return dir;
}
afterAll(() => Promise.all(temporaryDirs.map((dir) => rm(dir, { recursive: true, force: true }))));

const projectKind = inject("testDatabase").kind;
// Tests that touch no shared database would only repeat themselves in the second project.
const onceAcrossProjects = test.runIf(projectKind === "pglite");

async function migrationNames(): Promise<string[]> {
  const entries = await readdir(projectPrismaPaths.migrationsDir, { withFileTypes: true });
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
}

async function expectFullyMigrated(query: Query): Promise<void> {
  const rows = await query(
    "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name",
  );
  expect(rows.map((row) => row.migration_name)).toEqual(await migrationNames());
  const tables = await query("SELECT 1 FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'User'");
  expect(tables).toHaveLength(1);
}

async function withPool<T>(config: pg.PoolConfig, use: (query: Query) => Promise<T>): Promise<T> {
  const pool = new pg.Pool(config);
  try {
    return await use(async (sql) => (await pool.query(sql)).rows);
  } finally {
    await pool.end();
  }
}

describe("the project's test database", () => {
  test("is the one this project prepared", async () => {
    expect(databaseKind()).toBe(projectKind);
    const [{ server_version_num: version }] = await prisma.$queryRaw<[{ server_version_num: string }]>`SHOW server_version_num`;
    // PGlite reports PostgreSQL 18; the throwaway cluster is PostgreSQL 15.
    expect(Number(version) >= 180000).toBe(projectKind === "pglite");
  });

  test("has every migration applied, and applying again changes nothing", async () => {
    await withPool(poolConfig(), expectFullyMigrated);
    await expect(applyMigrations({ kind: "postgres", connection: poolConfig() })).resolves.toEqual({ applied: [] });
  });
});

const SEMICOLONS_INSIDE = `CREATE TABLE "MigrateTestNote" (id int PRIMARY KEY, body text NOT NULL DEFAULT 'a;b');
CREATE FUNCTION migrate_test_append_semicolon() RETURNS trigger AS $$
BEGIN
  NEW.body := NEW.body || ';';
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
`;
const FAILING = `CREATE TABLE "MigrateTestHalfDone" (id int);
SELECT * FROM "MigrateTestMissing";
`;

/** Each migration runs whole, as one transaction; one that fails is recorded as failed, not applied. */
async function expectScriptsRunWhole(target: MigrationTarget, query: Query): Promise<void> {
  const migrationsDir = await temporaryDir();
  await cp(projectPrismaPaths.migrationsDir, migrationsDir, { recursive: true });
  const paths = { ...projectPrismaPaths, migrationsDir };
  const addMigration = async (name: string, sql: string) => {
    await mkdir(path.join(migrationsDir, name));
    await writeFile(path.join(migrationsDir, name, "migration.sql"), sql);
  };

  await addMigration("99990101000000_semicolons_inside", SEMICOLONS_INSIDE);
  await expect(applyMigrations(target, paths)).resolves.toEqual({ applied: ["99990101000000_semicolons_inside"] });
  await expect(
    query("SELECT column_default FROM information_schema.columns WHERE table_name = 'MigrateTestNote' AND column_name = 'body'"),
  ).resolves.toEqual([{ column_default: "'a;b'::text" }]);

  await addMigration("99990102000000_failing", FAILING);
  await expect(applyMigrations(target, paths)).rejects.toThrow(/MigrateTestMissing/);
  await expect(
    query("SELECT finished_at FROM _prisma_migrations WHERE migration_name = '99990102000000_failing'"),
  ).resolves.toEqual([{ finished_at: null }]);
  await expect(query("SELECT 1 FROM information_schema.tables WHERE table_name = 'MigrateTestHalfDone'")).resolves.toEqual([]);
}

describe("applyMigrations on a fresh database", () => {
  test.runIf(projectKind === "postgres")("Postgres", async () => {
    const database = `migrate_test_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
    await prisma.$executeRawUnsafe(`CREATE DATABASE ${database}`);
    const connection = { connectionString: poolConfig().connectionString!.replace(/\/[^/?]+(\?|$)/, `/${database}$1`) };
    const target = { kind: "postgres", connection } as const;

    await expect(applyMigrations(target)).resolves.toEqual({ applied: await migrationNames() });
    await withPool(connection, expectFullyMigrated);
    await expect(applyMigrations(target)).resolves.toEqual({ applied: [] });
    await withPool(connection, (query) => expectScriptsRunWhole(target, query));
  });

  test.runIf(projectKind === "pglite")("PGlite, through the embedded server's socket and in-process", async () => {
    const server = await startEmbeddedServer({ dataDir: null, socketDir: embeddedSocketDir(await temporaryDir()) });
    try {
      const throughSocket = { kind: "postgres", connection: server.connection } as const;
      await expect(applyMigrations(throughSocket)).resolves.toEqual({ applied: await migrationNames() });
      await withPool(server.connection, expectFullyMigrated);
      await expect(applyMigrations(throughSocket)).resolves.toEqual({ applied: [] });

      const inProcess = { kind: "pglite", db: server.db } as const;
      await expect(applyMigrations(inProcess)).resolves.toEqual({ applied: [] });
      await expectScriptsRunWhole(inProcess, async (sql) => (await server.db.query<Record<string, unknown>>(sql)).rows);
    } finally {
      await server.close();
    }
  });

  onceAcrossProjects("an unreachable database is named in the error", async () => {
    const socketDir = await temporaryDir();
    await expect(
      applyMigrations({ kind: "postgres", connection: { host: socketDir, port: 5432, user: "postgres" } }),
    ).rejects.toThrow(`Cannot reach the Postgres database at socket ${socketDir}/.s.PGSQL.5432`);
  });
});

describe("createMigration", () => {
  onceAcrossProjects("finds prisma/schema.prisma in sync with prisma/migrations (run npm run db:migration:create if not)", async () => {
    // A copy of the migrations, so a drifted schema cannot leave a new migration behind in the project.
    const migrationsDir = await temporaryDir();
    await cp(projectPrismaPaths.migrationsDir, migrationsDir, { recursive: true });
    const created = await createMigration("drift", { ...projectPrismaPaths, migrationsDir });
    const unexpectedSql = created ? await readFile(path.join(created, "migration.sql"), "utf8") : null;
    expect(unexpectedSql).toBeNull();
  });

  onceAcrossProjects("writes the first migration and its lockfile", async () => {
    const migrationsDir = await temporaryDir();
    const created = await createMigration("Initial schema", { ...projectPrismaPaths, migrationsDir });
    expect(path.basename(created!)).toMatch(/^\d{14}_initial_schema$/);
    await expect(readFile(path.join(created!, "migration.sql"), "utf8")).resolves.toContain('CREATE TABLE "User"');
    await expect(readFile(path.join(migrationsDir, "migration_lock.toml"), "utf8")).resolves.toContain(
      'provider = "postgresql"',
    );
  });
});
