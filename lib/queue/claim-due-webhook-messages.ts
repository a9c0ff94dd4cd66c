import { prisma } from "../db/client.ts";

/** How long a claimed message is left to its sender before another may take it (a sender that died). */
const LEASE_MS = 60_000;

/**
 * Takes up to `limit` webhook messages whose next attempt is due, by pushing their next attempt a
 * lease away; each is taken by one sender, across processes.
 */
export async function claimDueWebhookMessages(limit: number): Promise<string[]> {
  const now = new Date();
  return prisma.$transaction(async (tx) => {
    // Prisma stores timestamps as UTC wall time; an ISO text cast to timestamp reads as the same.
    const due = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT id FROM "WebhookMessage"
      WHERE status = 'pending' AND "nextAttemptAt" <= ${now.toISOString()}::timestamp
      ORDER BY "nextAttemptAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
    if (due.length === 0) return [];
    const ids = due.map((row) => row.id);
    await tx.webhookMessage.updateMany({ where: { id: { in: ids } }, data: { nextAttemptAt: new Date(now.getTime() + LEASE_MS) } });
    return ids;
  });
}
