import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { isTaskOpen } from "../tasks/task-open.ts";
import { parseInput } from "../validation.ts";
import { replyInputSchema } from "./comment-schema.ts";
import { commentDto } from "./dto.ts";
import { taskReviews } from "./queries.ts";

/** A reply in a comment's thread: it stands where the thread's first comment stands (threads are one level deep). */
export async function replyToComment(actor: Actor | null, commentId: string, input: unknown) {
  requirePermission(actor, "review.comment");
  const { body } = parseInput(replyInputSchema, input);
  const comment = await prisma.reviewComment.findUnique({ where: { id: commentId }, include: { task: { select: { status: true } } } });
  if (!comment) throw new AppError("not_found", "No such comment.");
  if (!isTaskOpen(comment.task.status)) throw new AppError("conflict", `The task is ${comment.task.status}.`);
  const root = comment.parentId ?? comment.id;
  const reply = await prisma.$transaction(async (tx) => {
    const row = await tx.reviewComment.create({
      data: { taskId: comment.taskId, authorId: actor.id, headSha: comment.headSha, path: comment.path, line: comment.line, startLine: comment.startLine, side: comment.side, body, parentId: root, viaToken: actor.token?.name ?? null },
      include: { author: true },
    });
    await recordAuditEvent(tx, { actorId: actor.id, action: "review.comment_reply", targetType: "task", targetId: comment.taskId, data: { commentId: row.id, parentId: root } });
    return row;
  });
  // A reply stands where its thread stands on the current head.
  const thread = (await taskReviews(actor, reply.taskId)).comments.find((placed) => placed.id === reply.id);
  return thread ?? commentDto(reply, null);
}
