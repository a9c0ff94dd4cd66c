import PgBoss from "pg-boss";
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

const DEADLOCK = "40P01";
const createdQueues = new Map<string, Promise<void>>();

/**
 * Creates a repository's queue once per process. Creating one attaches a partition, which can
 * deadlock against another process creating one at the same moment: that is retried.
 */
export function ensureQueue(boss: PgBoss, name: string): Promise<void> {
  let created = createdQueues.get(name);
  if (!created) {
    created = (async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await boss.createQueue(name);
        } catch (error) {
          if ((error as { code?: string }).code !== DEADLOCK || attempt >= 5) throw error;
          await new Promise((resolve) => setTimeout(resolve, 20 * attempt * Math.random()));
        }
      }
    })();
    createdQueues.set(name, created);
    created.catch(() => createdQueues.delete(name));
  }
  return created;
}

/** Lets pg-boss write inside a Prisma transaction, so a job and the row it is about commit together. */
export function transactionDb(tx: { $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T> }): PgBoss.Db {
  return { executeSql: async (text, values) => ({ rows: await tx.$queryRawUnsafe<unknown[]>(text, ...(values ?? [])) }) };
}
