import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { parseInput } from "../validation.ts";
import { isTaskOpen } from "../tasks/task-open.ts";
import { taskReviews } from "./queries.ts";

const resolveSchema = z.object({ resolved: z.boolean({ error: "resolved must be true or false" }) }).strict();

/** Marks a comment resolved (or open again): open comments are the ones a feedback run is given. */
export async function resolveComment(actor: Actor | null, commentId: string, input: unknown) {
  requirePermission(actor, "review.comment");
  const { resolved } = parseInput(resolveSchema, input);
  const comment = await prisma.reviewComment.findUnique({ where: { id: commentId }, include: { task: { select: { status: true } } } });
  if (!comment) throw new AppError("not_found", "No such comment.");
  if (!isTaskOpen(comment.task.status)) throw new AppError("conflict", `The task is ${comment.task.status}.`);
  const updated = await prisma.$transaction(async (tx) => {
    const row = await tx.reviewComment.update({ where: { id: commentId }, data: { resolved } });
    await recordAuditEvent(tx, { actorId: actor.id, action: resolved ? "review.comment_resolved" : "review.comment_reopened", targetType: "task", targetId: comment.taskId, data: { commentId } });
    return row;
  });
  return (await taskReviews(actor, comment.taskId)).comments.find((placed) => placed.id === updated.id)!;
}
