import PgBoss from "pg-boss";
import { prisma } from "../db/client.ts";
import { poolConfig } from "../db/config.ts";
import { logger } from "../logger.ts";

/** pg-boss runs on the same database as the app (Postgres, or the embedded server's socket). */
function createBoss(): Promise<PgBoss> {
  const { connectionString, host, port, user, database } = poolConfig();
  const boss = new PgBoss({
    ...(connectionString ? { connectionString } : { host, port, user, database }),
    max: 4,
    schedule: false,
    application_name: "code-orchestrator-queue",
  });
  boss.on("error", (error) => logger.error({ err: error }, "queue error"));
  return boss.start();
}

const globalForBoss = globalThis as unknown as { boss?: Promise<PgBoss> };

export function getBoss(): Promise<PgBoss> {
  globalForBoss.boss ??= createBoss().catch((error: unknown) => {
    globalForBoss.boss = undefined;
    throw error;
  });
  return globalForBoss.boss;
}

export async function stopBoss(): Promise<void> {
  const boss = globalForBoss.boss;
  globalForBoss.boss = undefined;
  if (boss) await (await boss).stop({ graceful: false, wait: true });
}

/** Each repository has its own queue, so a repository's runs start in the order they were asked for. */
export function runQueueName(repositoryId: string): string {
  return `run_${repositoryId}`;
}

const createdQueues = new Map<string, Promise<void>>();

/**
 * Creates a repository's queue once per process. pg-boss's create_queue inserts the queue's row and
 * then adds foreign keys to the queue table, which waits for every other open insert into that table:
 * two creations at once each wait for the other's row, and Postgres kills one as a deadlock. So
 * creations take one advisory lock, across every process on this database, and run one at a time.
 */
export function ensureQueue(name: string): Promise<void> {
  let created = createdQueues.get(name);
  if (!created) {
    created = createQueueAlone(name);
    createdQueues.set(name, created);
    created.catch(() => createdQueues.delete(name));
  }
  return created;
}

async function createQueueAlone(name: string): Promise<void> {
  await getBoss();
  await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('code-orchestrator.create-queue'))`;
    await tx.$executeRaw`SELECT pgboss.create_queue(${name}, ${JSON.stringify({ policy: "standard" })}::json)`;
  });
}

/** Lets pg-boss write inside a Prisma transaction, so a job and the row it is about commit together. */
export function transactionDb(tx: { $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T> }): PgBoss.Db {
  return { executeSql: async (text, values) => ({ rows: await tx.$queryRawUnsafe<unknown[]>(text, ...(values ?? [])) }) };
}
