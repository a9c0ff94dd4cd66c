import type { Prisma } from "../generated/prisma/client.ts";
import { ensureDraftPullRequest } from "../github/pull-requests.ts";
import { SUPERSEDED, scheduleChecks } from "../checks/schedule-checks.ts";
import { publish } from "../events/bus.ts";
import { logger } from "../logger.ts";

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
    for (const check of outdated) publish("check.stop", { checkRunId: check.id, reason: SUPERSEDED });
    if (queued > 0) publish("checks.queued", {});
    publish("checks.changed", { taskId });
    // Not the run's outcome: a pull request GitHub refuses to open now is opened at merge time.
    await ensureDraftPullRequest(taskId).catch((error: unknown) => logger.warn({ taskId, err: error }, "no draft pull request"));
  };
}
