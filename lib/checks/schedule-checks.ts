import type { Prisma } from "../generated/prisma/client.ts";
import { queueCheckRuns } from "./queue-check-runs.ts";

export const SUPERSEDED = "Superseded: the branch has a newer head.";

/**
 * Queues the repository's checks for a new head of the task's branch, in the transaction that records
 * the head, and cancels the local checks still queued for earlier heads (running ones are stopped by
 * their worker, which sees the head move). Returns how many checks were queued.
 */
export async function scheduleChecks(tx: Prisma.TransactionClient, taskId: string, headSha: string): Promise<number> {
  const task = await tx.task.findUniqueOrThrow({
    where: { id: taskId },
    select: { acceptanceCriteria: true, repository: { select: { checks: { orderBy: { position: "asc" } } } } },
  });
  await tx.checkRun.updateMany({
    where: { taskId, source: "local", status: "queued", headSha: { not: headSha } },
    data: { status: "completed", conclusion: "cancelled", error: SUPERSEDED, finishedAt: new Date() },
  });
  await queueCheckRuns(tx, { id: taskId, acceptanceCriteria: task.acceptanceCriteria }, headSha, task.repository.checks);
  return task.repository.checks.length;
}
