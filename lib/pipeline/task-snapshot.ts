import type { Actor } from "../auth/permissions.ts";
import { taskChecksOverview } from "../checks/queries.ts";
import { prisma } from "../db/client.ts";
import { AppError } from "../errors.ts";
import type { MergeStatus } from "../merge/dto.ts";
import { mergeStatus } from "../merge/merge-status.ts";
import { taskReviewRequests } from "../review/review-request-queries.ts";
import { runDto } from "../runs/dto.ts";
import { listTaskRuns } from "../runs/queries.ts";

/** What the task's panels show, read from the database alone (cheap enough to read every second). */
export async function taskState(actor: Actor | null, taskId: string) {
  const task = await prisma.task.findUnique({ where: { id: taskId }, select: { status: true, headSha: true, updatedAt: true } });
  if (!task) throw new AppError("not_found", "No such task.");
  const [runs, checks, reviewRequests, reviews] = await Promise.all([
    listTaskRuns(actor, taskId),
    taskChecksOverview(actor, taskId),
    taskReviewRequests(actor, taskId),
    prisma.review.count({ where: { taskId } }),
  ]);
  return { status: task.status, headSha: task.headSha, runs: runs.map(runDto), checks, reviewRequests, reviews };
}

/**
 * Everything the task page's panels show that changes on its own, as one answer so they never
 * disagree: the state and the merge conditions (which read the mirror and GitHub: given by the caller
 * when the state has not changed).
 */
export async function taskSnapshot(actor: Actor | null, taskId: string, merge?: MergeStatus) {
  const state = await taskState(actor, taskId);
  return { ...state, merge: merge ?? (await mergeStatus(actor, taskId)) };
}

/** The snapshot for a page's first paint: the conflict check may still be pending (see mergeStatus). */
export async function firstPaintTaskSnapshot(actor: Actor | null, taskId: string) {
  const [state, merge] = await Promise.all([taskState(actor, taskId), mergeStatus(actor, taskId, { skipConflictCheck: true })]);
  return { ...state, merge };
}

export type TaskState = Awaited<ReturnType<typeof taskState>>;

/** What the feed sends. */
export type TaskSnapshot = TaskState & { merge: MergeStatus };
