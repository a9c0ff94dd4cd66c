import { prisma } from "../db/client.ts";
import { appendSystemLine } from "../logs/append-system-line.ts";
import { transitionRun } from "../pipeline/transition-run.ts";
import { getBoss, runQueueName } from "../queue/boss.ts";
import { isDeadLocalWorker } from "./worker-identity.ts";

export const HEARTBEAT_STALE_MS = 30_000;

/**
 * Marks `interrupted` every active run whose worker stopped heartbeating (it died or lost the
 * database) or, on this host, whose worker process is gone, with a last log line saying so, and
 * fails its queue job so it is not retried.
 */
export async function reconcileStaleRuns(staleMs = HEARTBEAT_STALE_MS): Promise<string[]> {
  const cutoff = new Date(Date.now() - staleMs);
  const active = await prisma.run.findMany({
    where: { status: { in: ["preparing", "running"] } },
    include: { task: { select: { repositoryId: true } } },
  });
  const stale = active.filter(
    (run) => !run.heartbeatAt || run.heartbeatAt < cutoff || isDeadLocalWorker(run.workerId),
  );
  const interrupted: string[] = [];
  for (const run of stale) {
    const reason = `Run interrupted: worker ${run.workerId ?? "(unknown)"} ${
      isDeadLocalWorker(run.workerId) ? "is gone" : "stopped sending heartbeats"
    }${run.heartbeatAt ? ` (last heartbeat ${run.heartbeatAt.toISOString()})` : ""}.`;
    await appendSystemLine(run.id, reason);
    if (!(await transitionRun(run.id, "interrupted", { error: reason }))) continue;
    interrupted.push(run.id);
    if (run.jobId) await (await getBoss()).fail(runQueueName(run.task.repositoryId), run.jobId, { reason }).catch(() => undefined);
  }
  return interrupted;
}
