import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { prisma } from "../db/client.ts";
import { getSettings } from "../settings/settings.ts";
import { getBoss, runQueueName, transactionDb } from "./boss.ts";

// Claims are serialised across workers so the concurrency limits hold between the count and the claim.
const CLAIM_LOCK = 7_240_001;

export interface ClaimedRun {
  runId: string;
  jobId: string;
  queue: string;
}

interface Candidate {
  repositoryId: string;
  limit: number;
  active: number;
}

/**
 * Takes the next run this worker may start: under the global limit, from the repository whose oldest
 * queued run waited longest among those under their own limit, the head of that repository's queue.
 */
export async function claimNextRun(workerId: string): Promise<ClaimedRun | null> {
  const { globalConcurrency } = await getSettings();
  const boss = await getBoss();
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CLAIM_LOCK})`;
    const active = await tx.run.count({ where: { status: { in: ["preparing", "running"] } } });
    if (active >= globalConcurrency) return null;
    const candidates = await tx.$queryRaw<Candidate[]>`
      SELECT t."repositoryId", r."maxConcurrentRuns" AS "limit",
        (SELECT count(*) FROM "Run" a JOIN "Task" at ON at.id = a."taskId"
          WHERE at."repositoryId" = t."repositoryId" AND a.status IN ('preparing', 'running'))::int AS active
      FROM "Run" q JOIN "Task" t ON t.id = q."taskId" JOIN "Repository" r ON r.id = t."repositoryId"
      WHERE q.status = 'queued'
      GROUP BY t."repositoryId", r."maxConcurrentRuns"
      ORDER BY MIN(q."queuedAt")`;
    for (const candidate of candidates) {
      if (candidate.active >= candidate.limit) continue;
      const queue = runQueueName(candidate.repositoryId);
      const db = transactionDb(tx);
      for (;;) {
        const [job] = await boss.fetch<{ runId: string }>(queue, { batchSize: 1, db });
        if (!job) break;
        const { count } = await tx.run.updateMany({
          where: { id: job.data.runId, status: "queued" },
          data: { status: "preparing", workerId, heartbeatAt: new Date() },
        });
        if (count === 0) {
          await boss.complete(queue, job.id, {}, { db }); // its run was cancelled or settled meanwhile
          continue;
        }
        await recordAuditEvent(tx, { actorId: null, action: "run.preparing", targetType: "run", targetId: job.data.runId, data: { workerId } });
        return { runId: job.data.runId, jobId: job.id, queue };
      }
    }
    return null;
  });
}
