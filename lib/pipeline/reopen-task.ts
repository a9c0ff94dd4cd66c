import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { isUniqueViolation } from "../db/errors.ts";
import { AppError } from "../errors.ts";
import { reopenTaskState } from "./task-state.ts";

/** Reopens a closed task: it takes its branch name back (unless an open task took it) and its status is derived again. */
export async function reopenTask(actor: Actor | null, taskId: string) {
  requirePermission(actor, "task.close");
  const task = await prisma.task.findUnique({ where: { id: taskId }, select: { status: true, repositoryId: true, branch: true } });
  if (!task) throw new AppError("not_found", "No such task.");
  if (task.status !== "closed") throw new AppError("conflict", `Only a closed task can be reopened; this one is ${task.status}.`);
  return prisma
    .$transaction(async (tx) => {
      if (!(await reopenTaskState(tx, { id: taskId, ...task }))) throw new AppError("conflict", "The task changed meanwhile: reload it.");
      await recordAuditEvent(tx, { actorId: actor.id, action: "task.reopened", targetType: "task", targetId: taskId });
      return tx.task.findUniqueOrThrow({ where: { id: taskId } });
    })
    .catch((error: unknown) => {
      if (isUniqueViolation(error)) throw new AppError("conflict", `Another open task uses the branch ${task.branch}: close or merge it first.`);
      throw error;
    });
}
