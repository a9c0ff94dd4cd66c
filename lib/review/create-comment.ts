import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { parseInput } from "../validation.ts";
import { commentInputSchema } from "./comment-schema.ts";
import { diffRange } from "./diff/diff-range.ts";
import { fileLines } from "./file-lines.ts";
import { isTaskOpen } from "../tasks/task-open.ts";
import { commentDto } from "./dto.ts";

/**
 * A comment on a line (or a range of lines) of the diff of the task's current head: the new side
 * (head) or the old (merge base), optionally with a suggested replacement for those lines.
 */
export async function createComment(actor: Actor | null, taskId: string, input: unknown) {
  requirePermission(actor, "review.comment");
  const comment = parseInput(commentInputSchema, input);
  const task = await prisma.task.findUnique({ where: { id: taskId }, select: { status: true, headSha: true } });
  if (!task) throw new AppError("not_found", "No such task.");
  if (!isTaskOpen(task.status)) throw new AppError("conflict", `The task is ${task.status}.`);
  if (comment.headSha !== task.headSha) {
    throw new AppError("conflict", `The head moved: the branch is at ${task.headSha?.slice(0, 12) ?? "nothing"} now; reload the diff and comment there.`);
  }
  const range = await diffRange(taskId);
  const lines = await fileLines(range.mirrorPath, comment.side === "new" ? range.head : range.base, comment.path);
  if (!lines) throw new AppError("validation_failed", `${comment.path} does not exist on the ${comment.side} side of the diff.`, { path: "Not in the diff" });
  if (comment.line > lines.length) {
    throw new AppError("validation_failed", `${comment.path} has ${lines.length} lines on the ${comment.side} side.`, { line: "Past the end of the file" });
  }
  const startLine = comment.startLine === comment.line ? undefined : comment.startLine;
  const created = await prisma.$transaction(async (tx) => {
    const row = await tx.reviewComment.create({ data: { taskId, authorId: actor.id, viaToken: actor.token?.name ?? null, ...comment, startLine: startLine ?? null, suggestion: comment.suggestion ?? null }, include: { author: true } });
    await recordAuditEvent(tx, { actorId: actor.id, action: "review.comment", targetType: "task", targetId: taskId, data: { commentId: row.id, path: comment.path, line: comment.line } });
    return row;
  });
  // Made on the current head: its line is where it stands.
  return commentDto(created, created.line);
}
