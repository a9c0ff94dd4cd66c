import type { Prisma } from "../generated/prisma/client.ts";
import { ACTIVE_RUN_STATUSES } from "../runs/status.ts";

/**
 * Derives an open task's status from its runs, in the transaction that ended or queued one of them:
 * running while a run is queued or active; otherwise ready for review once the branch has a head,
 * else back to draft.
 */
export async function settleTaskStatus(tx: Prisma.TransactionClient, taskId: string): Promise<void> {
  const task = await tx.task.findUnique({ where: { id: taskId }, select: { status: true, headSha: true } });
  if (!task || task.status === "merged" || task.status === "closed") return;
  const pending = await tx.run.count({ where: { taskId, status: { in: ["queued", ...ACTIVE_RUN_STATUSES] } } });
  const status = pending > 0 ? "running" : task.headSha ? "ready_for_review" : "draft";
  if (status !== task.status) await tx.task.update({ where: { id: taskId }, data: { status } });
}
