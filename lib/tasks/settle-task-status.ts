import type { Prisma } from "../generated/prisma/client.ts";
import { ACTIVE_RUN_STATUSES } from "../runs/status.ts";

/**
 * Derives an open task's status from its runs and checks, in the transaction that changed one of
 * them: running while a run is queued or active; awaiting checks while a local check of the head is
 * queued or running; changes requested while the latest decision on the head asks for them; otherwise
 * ready for review once the branch has a head, else back to draft.
 */
export async function settleTaskStatus(tx: Prisma.TransactionClient, taskId: string): Promise<void> {
  const task = await tx.task.findUnique({ where: { id: taskId }, select: { status: true, headSha: true } });
  if (!task || task.status === "merged" || task.status === "closed") return;
  const pendingRuns = await tx.run.count({ where: { taskId, status: { in: ["queued", ...ACTIVE_RUN_STATUSES] } } });
  const pendingChecks = task.headSha
    ? await tx.checkRun.count({ where: { taskId, headSha: task.headSha, source: "local", status: { in: ["queued", "running"] } } })
    : 0;
  const latestDecision = task.headSha
    ? await tx.review.findFirst({ where: { taskId, headSha: task.headSha }, orderBy: { createdAt: "desc" }, select: { decision: true } })
    : null;
  const status =
    pendingRuns > 0 ? "running"
    : pendingChecks > 0 ? "awaiting_checks"
    : latestDecision?.decision === "request_changes" ? "changes_requested"
    : task.headSha ? "ready_for_review"
    : "draft";
  if (status !== task.status) await tx.task.update({ where: { id: taskId }, data: { status } });
}
