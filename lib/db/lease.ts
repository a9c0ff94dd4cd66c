import { randomUUID } from "node:crypto";
import os from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { AppError } from "../errors.ts";
import { KeyedQueue } from "../keyed-queue.ts";
import { logger } from "../logger.ts";
import { prisma } from "./client.ts";

const LEASE_MS = 30_000;
const WAIT_LIMIT_MS = 15 * 60_000;
const POLL_MS = 25;

const turns = new KeyedQueue();

export interface LeaseOptions {
  /** How long the lease lasts without a renewal: a holder that died frees it after this. */
  leaseMs?: number;
  /** How long to wait for it before answering 503. */
  waitMs?: number;
  /** What the 503 says is busy, e.g. "another merge of this repository". */
  busy: string;
}

/**
 * Runs `task` while this process holds the lease `name`, which every server and worker on the database
 * shares: callers in this process queue up in order, the others poll the `Lease` row until it is free
 * or its holder's lease ran out. The lease is renewed while `task` runs and released after it.
 */
export async function withLease<T>(name: string, task: () => Promise<T>, options: LeaseOptions): Promise<T> {
  return turns.run(name, () => holding(name, task, options));
}

async function holding<T>(name: string, task: () => Promise<T>, { leaseMs = LEASE_MS, waitMs = WAIT_LIMIT_MS, busy }: LeaseOptions): Promise<T> {
  const holder = `${os.hostname()}:${process.pid}:${randomUUID()}`;
  await acquire(name, holder, leaseMs, Date.now() + waitMs, busy);
  const renewal = setInterval(() => {
    renew(name, holder, leaseMs).then(
      (held) => held || logger.error({ lease: name }, "lease lost while held: its lease ran out before a renewal"),
      (error: unknown) => logger.warn({ lease: name, err: error }, "lease not renewed"),
    );
  }, leaseMs / 3);
  try {
    return await task();
  } finally {
    clearInterval(renewal);
    await prisma.$executeRaw`DELETE FROM "Lease" WHERE name = ${name} AND holder = ${holder}`.catch((error: unknown) =>
      logger.warn({ lease: name, err: error }, "lease not released: it frees itself when it runs out"),
    );
  }
}

// Times are UTC, as Prisma stores them, whatever the session's time zone.
async function acquire(name: string, holder: string, leaseMs: number, deadline: number, busy: string): Promise<void> {
  for (;;) {
    const rows = await prisma.$queryRaw<Array<{ holder: string }>>`
      INSERT INTO "Lease" (name, holder, "acquiredAt", "expiresAt")
      VALUES (${name}, ${holder}, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC' + make_interval(secs => ${leaseMs / 1000}))
      ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, "acquiredAt" = EXCLUDED."acquiredAt", "expiresAt" = EXCLUDED."expiresAt"
        WHERE "Lease"."expiresAt" < now() AT TIME ZONE 'UTC'
      RETURNING holder`;
    if (rows[0]?.holder === holder) return;
    if (Date.now() >= deadline) throw new AppError("unavailable", `${busy} is still going on; try again in a moment.`);
    await sleep(POLL_MS + Math.random() * POLL_MS);
  }
}

async function renew(name: string, holder: string, leaseMs: number): Promise<boolean> {
  const renewed = await prisma.$executeRaw`
    UPDATE "Lease" SET "expiresAt" = now() AT TIME ZONE 'UTC' + make_interval(secs => ${leaseMs / 1000})
    WHERE name = ${name} AND holder = ${holder}`;
  return renewed === 1;
}
