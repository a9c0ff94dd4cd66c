import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { runGitWithin } from "../runs/workspace/git.ts";
import { diffRange } from "./diff/diff-range.ts";

/** A review comment where it stands on the current head: its line there, or outdated when that line changed. */
export interface PlacedComment {
  id: string;
  author: string;
  path: string;
  side: "old" | "new";
  line: number;
  /** The first line of a range ending at `line`; null for one line. */
  startLine: number | null;
  /** The line on the current head; null when outdated. */
  currentLine: number | null;
  /** Where the range starts on the current head. */
  currentStartLine: number | null;
  /** The thread's first comment, for a reply. */
  parentId: string | null;
  suggestion: string | null;
  outdated: boolean;
  headSha: string;
  body: string;
  resolved: boolean;
  createdAt: string;
}

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
    placed.push({
      id: comment.id,
      author: comment.author.email,
      path: comment.path,
      side: comment.side,
      line: comment.line,
      startLine: comment.startLine,
      currentLine,
      currentStartLine: currentLine !== null && comment.startLine !== null ? currentLine - (comment.line - comment.startLine) : null,
      parentId: comment.parentId,
      suggestion: comment.suggestion,
      outdated: currentLine === null,
      headSha: comment.headSha,
      body: comment.body,
      resolved: comment.resolved,
      createdAt: comment.createdAt.toISOString(),
    });
  }
  return {
    headSha: task.headSha,
    reviews: reviews.map((review) => ({
      id: review.id,
      author: review.author.email,
      decision: review.decision,
      body: review.body,
      headSha: review.headSha,
      stale: review.headSha !== task.headSha,
      createdAt: review.createdAt.toISOString(),
    })),
    comments: placed,
  };
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
