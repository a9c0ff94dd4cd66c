import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { prisma } from "../db/client.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { RunStatus } from "../generated/prisma/enums.ts";
import { notify } from "../notifications/notify.ts";
import { settleTaskStatus } from "./task-state.ts";
import { isFinalRunStatus, predecessorsOf } from "../runs/status.ts";
import { publish } from "../events/bus.ts";
import { emitWebhookEvent } from "../webhooks/emit-webhook-event.ts";

type RunChanges = Omit<Prisma.RunUncheckedUpdateManyInput, "status">;

/**
 * The one place a run changes status. The update applies only from a status the state machine allows
 * before `to`, so two parties racing (a worker finishing, a cancel, the reconciler) cannot both win.
 * A final status settles the task's status in the same transaction. Returns whether this call made
 * the transition.
 */
export async function transitionRun(
  runId: string,
  to: RunStatus,
  changes: RunChanges = {},
  audit: { actorId?: string | null; data?: Prisma.InputJsonValue } = {},
  /** More of the same change, in its transaction, once the move is certain (the head a run pushed). */
  within?: (tx: Prisma.TransactionClient) => Promise<void>,
): Promise<boolean> {
  const finishedAt = isFinalRunStatus(to) ? { finishedAt: new Date() } : {};
  const moved = await prisma.$transaction(async (tx) => {
    const { count } = await tx.run.updateMany({
      where: { id: runId, status: { in: predecessorsOf(to) } },
      data: { ...finishedAt, ...changes, status: to },
    });
    if (count === 0) return false;
    await within?.(tx);
    if (isFinalRunStatus(to)) {
      const run = await tx.run.findUniqueOrThrow({ where: { id: runId }, select: { taskId: true, number: true, error: true, task: { select: { name: true, authorId: true } } } });
      await settleTaskStatus(tx, run.taskId);
      if (to !== "cancelled") {
        await notify(tx, {
          userId: run.task.authorId,
          actorId: audit.actorId ?? null,
          taskId: run.taskId,
          kind: to === "succeeded" ? "run_succeeded" : "run_failed",
          text: `Run #${run.number} of “${run.task.name}” ${to === "succeeded" ? "succeeded" : `ended ${to.replace("_", " ")}${run.error ? `: ${run.error}` : ""}`}`.slice(0, 500),
          href: `/tasks/${run.taskId}?run=${runId}#runs`,
        });
      }
    }
    if (to === "running" || isFinalRunStatus(to)) {
      const { taskId, ...run } = await tx.run.findUniqueOrThrow({
        where: { id: runId },
        select: { id: true, taskId: true, number: true, trigger: true, agentKind: true, status: true, error: true, exitCode: true, headSha: true, startedAt: true, finishedAt: true },
      });
      await emitWebhookEvent(tx, to === "running" ? "run.started" : "run.finished", taskId, { run });
    }
    await recordAuditEvent(tx, {
      actorId: audit.actorId ?? null,
      action: `run.${to}`,
      targetType: "run",
      targetId: runId,
      ...(audit.data === undefined ? {} : { data: audit.data }),
    });
    return true;
  });
  if (moved) publish("run.status", { runId, status: to });
  return moved;
}
