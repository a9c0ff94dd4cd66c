import { GREEN } from "../checks/green.ts";
import { latestAttempts } from "../checks/latest-attempts.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { TaskStatus } from "../generated/prisma/enums.ts";
import { notify } from "../notifications/notify.ts";
import { decisionsOnHead } from "../review/approvals.ts";
import { PENDING_RUN_STATUSES } from "../runs/status.ts";
import { openBranchKey } from "../tasks/open-branch-key.ts";
import { ENDED_TASK_STATUSES, isTaskOpen } from "../tasks/task-open.ts";
import { emitWebhookEvent } from "../webhooks/emit-webhook-event.ts";
import { announceChecksCompleted } from "./announce-checks-completed.ts";


export interface TaskStatusFacts {
  headSha: string | null;
  /** Runs of the task queued, preparing or running. */
  pendingRuns: number;
  /** The latest attempt of each required check (local or GitHub) of the head. */
  requiredChecks: Array<{ status: string; conclusion: string | null }>;
  /** The latest decision anyone made on the head. */
  latestDecision: "approve" | "request_changes" | null;
  /** Enough eligible approvals on the head and no reviewer asking for changes. */
  approved: boolean;
}

// The task state machine, the one place a task's status is written: an open task's status is derived
// from its runs, checks and reviews (settleTaskStatus; markTaskRunning when a run is queued); merging or
// closing ends it (endTask); a closed task may be reopened (reopenTaskState).

/**
 * The one definition of an open task's status: running while a run is queued or active; draft without
 * a head; awaiting checks while a required check of the head is queued or running; checks failed when
 * one failed, timed out or was cancelled; changes requested when that is the latest decision on the
 * head; approved with enough eligible approvals (every required check being green by then); else
 * ready for review.
 */
export function deriveTaskStatus(facts: TaskStatusFacts): TaskStatus {
  if (facts.pendingRuns > 0) return "running";
  if (!facts.headSha) return "draft";
  if (facts.requiredChecks.some((check) => check.status !== "completed")) return "awaiting_checks";
  if (facts.requiredChecks.some((check) => !GREEN.has(check.conclusion ?? ""))) return "checks_failed";
  if (facts.latestDecision === "request_changes") return "changes_requested";
  if (facts.approved) return "approved";
  return "ready_for_review";
}


/** Settles an open task's status from its runs, checks and reviews, in the transaction that changed one of them. */
export async function settleTaskStatus(tx: Prisma.TransactionClient, taskId: string): Promise<void> {
  const task = await tx.task.findUnique({
    where: { id: taskId },
    select: { id: true, name: true, status: true, headSha: true, authorId: true, repository: { select: { allowSelfApproval: true, requiredApprovals: true } } },
  });
  if (!task || !isTaskOpen(task.status)) return;
  const pendingRuns = await tx.run.count({ where: { taskId, status: { in: [...PENDING_RUN_STATUSES] } } });
  const head = task.headSha;
  const checks = head ? latestAttempts(await tx.checkRun.findMany({ where: { taskId, headSha: head } })) : [];
  const decisions = head ? await decisionsOnHead(tx, task, head) : null;
  const status = deriveTaskStatus({
    headSha: head,
    pendingRuns,
    requiredChecks: checks.filter((check) => check.required),
    latestDecision: decisions?.latestDecision ?? null,
    approved: decisions?.approved ?? false,
  });
  if (head) await announceChecksCompleted(tx, taskId, head);
  if (status === task.status) return;
  await tx.task.update({ where: { id: taskId }, data: { status } });
  await emitWebhookEvent(tx, "task.status_changed", taskId, { from: task.status, to: status });
  if (status === "checks_failed") {
    const failed = checks.find((check) => check.required && check.status === "completed" && !GREEN.has(check.conclusion ?? ""));
    await notify(tx, {
      userId: task.authorId,
      actorId: null,
      taskId,
      kind: "checks_failed",
      text: `${failed ? `Check “${failed.name}”` : "A required check"} failed on “${task.name}”`,
      href: `/tasks/${taskId}${failed ? `?check=${failed.id}` : ""}#checks`,
    });
  }
}

/** A run was just queued for the open task: running, as deriveTaskStatus says of a pending run, in one statement (spawns wait for it). */
export async function markTaskRunning(tx: Prisma.TransactionClient, taskId: string): Promise<void> {
  const before = await tx.task.findUnique({ where: { id: taskId }, select: { status: true } });
  const { count } = await tx.task.updateMany({ where: { id: taskId, status: { notIn: [...ENDED_TASK_STATUSES] } }, data: { status: "running" } });
  if (count === 1 && before && before.status !== "running") await emitWebhookEvent(tx, "task.status_changed", taskId, { from: before.status, to: "running" });
}

/** Ends an open task as merged or closed, freeing its branch name; false when it was no longer open. */
export async function endTask(tx: Prisma.TransactionClient, taskId: string, status: "merged" | "closed"): Promise<boolean> {
  const before = await tx.task.findUnique({ where: { id: taskId }, select: { status: true } });
  const { count } = await tx.task.updateMany({ where: { id: taskId, status: { notIn: [...ENDED_TASK_STATUSES] } }, data: { status, openBranchKey: null } });
  if (count === 1 && before) await emitWebhookEvent(tx, "task.status_changed", taskId, { from: before.status, to: status });
  return count === 1;
}

/**
 * Opens a closed task again: it takes its branch name back (a unique violation when an open task took
 * it) and its status is derived anew; false when it was no longer closed.
 */
export async function reopenTaskState(tx: Prisma.TransactionClient, task: { id: string; repositoryId: string; branch: string }): Promise<boolean> {
  const { count } = await tx.task.updateMany({ where: { id: task.id, status: "closed" }, data: { status: "draft", openBranchKey: openBranchKey(task.repositoryId, task.branch) } });
  if (count === 0) return false;
  await emitWebhookEvent(tx, "task.status_changed", task.id, { from: "closed", to: "draft" });
  await settleTaskStatus(tx, task.id);
  return true;
}
