import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { cancelRun } from "./cancel-run.ts";
import { PENDING_RUN_STATUSES } from "../runs/status.ts";
import { parseInput, text } from "../validation.ts";
import { endTask } from "./task-state.ts";

export const closeTaskSchema = z.object({ reason: text(2_000, "Reason") }).strict();

/**
 * Closes an open task without merging it, saying why: it leaves every open view, its branch name is
 * free for a new task, its queued runs are cancelled and an active one is stopped. The branch itself
 * stays upstream (reopening takes it up again).
 */
export async function closeTask(actor: Actor | null, taskId: string, input: unknown) {
  requirePermission(actor, "task.close");
  const { reason } = parseInput(closeTaskSchema, input);
  const closed = await prisma.$transaction(async (tx) => {
    if (!(await endTask(tx, taskId, "closed"))) {
      const task = await tx.task.findUnique({ where: { id: taskId }, select: { status: true } });
      throw task ? new AppError("conflict", `The task is already ${task.status}.`) : new AppError("not_found", "No such task.");
    }
    await recordAuditEvent(tx, { actorId: actor.id, action: "task.closed", targetType: "task", targetId: taskId, data: { reason } });
    return tx.task.findUniqueOrThrow({ where: { id: taskId } });
  });
  const pending = await prisma.run.findMany({ where: { taskId, status: { in: [...PENDING_RUN_STATUSES] } }, select: { id: true } });
  // A run that ends by itself meanwhile is no longer cancellable: nothing to stop.
  for (const run of pending) await cancelRun(actor, run.id).catch((error: unknown) => (error instanceof AppError && error.code === "conflict" ? null : Promise.reject(error)));
  return closed;
}
