import type { Prisma } from "../generated/prisma/client.ts";
import { ensureDraftPullRequest } from "../github/pull-requests.ts";
import { runBus } from "../runs/logs/run-bus.ts";
import { notifyChecksChanged } from "./checks-bus.ts";
import { SUPERSEDED, scheduleChecks } from "./schedule-checks.ts";

/**
 * A run pushed a new head of the task's branch: records it and queues its checks, inside the caller's
 * transaction (the one that ends the run, so the run and the task never disagree about the head).
 * Returns what to announce once that transaction has committed: stop the checks still running for
 * earlier heads, wake the check workers, open the draft pull request.
 */
export async function recordNewHead(tx: Prisma.TransactionClient, taskId: string, headSha: string): Promise<() => Promise<void>> {
  await tx.task.update({ where: { id: taskId }, data: { headSha, githubPollAt: new Date(), githubPollDelaySeconds: 0 } });
  const queued = await scheduleChecks(tx, taskId, headSha);
  const outdated = await tx.checkRun.findMany({
    where: { taskId, source: "local", status: "running", headSha: { not: headSha } },
    select: { id: true },
  });
  return async () => {
    for (const check of outdated) runBus.emit("stop-check", check.id, SUPERSEDED);
    if (queued > 0) runBus.emit("checks-queued");
    notifyChecksChanged(taskId);
    // Not the run's outcome: a pull request GitHub refuses to open now is opened at merge time.
    await ensureDraftPullRequest(taskId).catch((error: unknown) => console.error(`task ${taskId}: no draft pull request:`, error instanceof Error ? error.message : error));
  };
}
