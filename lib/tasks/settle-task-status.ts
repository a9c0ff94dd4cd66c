import { prisma } from "../db/client.ts";
import { ACTIVE_RUN_STATUSES } from "../runs/status.ts";

/**
 * Derives an open task's status from its runs after one of them ends or is queued: running while a
 * run is queued or active; otherwise ready for review once the branch has a head, else back to draft.
 */
export async function settleTaskStatus(taskId: string): Promise<void> {
  const task = await prisma.task.findUnique({ where: { id: taskId }, select: { status: true, headSha: true } });
  if (!task || task.status === "merged" || task.status === "closed") return;
  const pending = await prisma.run.count({ where: { taskId, status: { in: ["queued", ...ACTIVE_RUN_STATUSES] } } });
  const status = pending > 0 ? "running" : task.headSha ? "ready_for_review" : "draft";
  if (status !== task.status) {
    await prisma.task.updateMany({ where: { id: taskId, status: { notIn: ["merged", "closed"] } }, data: { status } });
  }
}
