import PgBoss from "pg-boss";
import { poolConfig } from "../db/config.ts";

/** pg-boss runs on the same database as the app (Postgres, or the embedded server's socket). */
function createBoss(): Promise<PgBoss> {
  const { connectionString, host, port, user, database } = poolConfig();
  const boss = new PgBoss({
    ...(connectionString ? { connectionString } : { host, port, user, database }),
    max: 4,
    schedule: false,
    application_name: "code-orchestrator-queue",
  });
  boss.on("error", (error) => console.error("queue:", error));
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

/** Lets pg-boss write inside a Prisma transaction, so a job and the row it is about commit together. */
export function transactionDb(tx: { $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T> }): PgBoss.Db {
  return { executeSql: async (text, values) => ({ rows: await tx.$queryRawUnsafe<unknown[]>(text, ...(values ?? [])) }) };
}
