import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { runGitWithin } from "../git/git.ts";
import { diffRange } from "./diff/diff-range.ts";
import { commentDto, type PlacedComment, reviewDto } from "./dto.ts";

/** The task's reviews (newest first, each marked stale when made on an earlier head) and its comments placed on the current head. */
export async function taskReviews(actor: Actor | null, taskId: string) {
  requirePermission(actor, "task.view");
  const task = await prisma.task.findUnique({ where: { id: taskId }, select: { headSha: true } });
  if (!task) throw new AppError("not_found", "No such task.");
  const [reviews, comments] = await Promise.all([
    prisma.review.findMany({ where: { taskId }, include: { author: true }, orderBy: { createdAt: "desc" } }),
    prisma.reviewComment.findMany({ where: { taskId }, include: { author: true }, orderBy: [{ path: "asc" }, { line: "asc" }, { createdAt: "asc" }] }),
  ]);
  const range = task.headSha && comments.some((comment) => comment.headSha !== task.headSha) ? await diffRange(taskId).catch(() => null) : null;
  const placed: PlacedComment[] = [];
  for (const comment of comments) {
    const currentLine = comment.headSha === task.headSha ? comment.line : range ? await movedLine(range.mirrorPath, comment, task.headSha!) : null;
    placed.push(commentDto(comment, currentLine));
  }
  return { headSha: task.headSha, reviews: reviews.map((review) => reviewDto(review, task.headSha)), comments: placed };
}

export type TaskReviews = Awaited<ReturnType<typeof taskReviews>>;

/**
 * Where a new-side line of an older head is on the current head: shifted by the hunks above it, or
 * null when a hunk changed the line itself (the comment is outdated). Old-side lines are outdated
 * once the head moved.
 */
async function movedLine(mirrorPath: string, comment: { side: string; line: number; path: string; headSha: string }, headSha: string): Promise<number | null> {
  if (comment.side === "old") return null;
  const result = await runGitWithin(["--git-dir", mirrorPath, "diff", "-U0", "--no-ext-diff", comment.headSha, headSha, "--", `:(literal)${comment.path}`], "follow a commented line");
  if (result.code !== 0) return null;
  let shift = 0;
  for (const match of result.stdout.matchAll(/^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/gm)) {
    const oldStart = Number(match[1]);
    const oldCount = match[2] === undefined ? 1 : Number(match[2]);
    const newCount = match[4] === undefined ? 1 : Number(match[4]);
    const oldEnd = oldCount === 0 ? oldStart : oldStart + oldCount - 1;
    if (oldCount > 0 && comment.line >= oldStart && comment.line <= oldEnd) return null;
    if (oldEnd < comment.line || (oldCount === 0 && oldStart < comment.line)) shift += newCount - oldCount;
  }
  return comment.line + shift;
}
