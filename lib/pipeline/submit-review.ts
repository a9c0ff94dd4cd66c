import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { emitWebhookEvent } from "../webhooks/emit-webhook-event.ts";
import { AppError } from "../errors.ts";
import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { queueRun } from "./queue-run.ts";
import { assertNoActiveRun } from "../runs/assert-no-active-run.ts";
import { notify } from "../notifications/notify.ts";
import { settleTaskStatus } from "./task-state.ts";
import { parseInput } from "../validation.ts";
import { headShaSchema } from "../review/comment-schema.ts";
import { diffRange } from "../review/diff/diff-range.ts";
import { approvalProblem } from "../review/eligibility.ts";
import { feedbackPrompt } from "../review/feedback-prompt.ts";
import { isTaskOpen } from "../tasks/task-open.ts";
import { reviewDto } from "../review/dto.ts";

export const reviewInputSchema = z
  .object({
    decision: z.enum(["approve", "request_changes"], { error: 'Decision must be "approve" or "request_changes"' }),
    body: z.string().trim().max(20_000, "Summary must be at most 20,000 characters").default(""),
    headSha: headShaSchema,
    /** With request_changes: queue the next run at once, with the feedback in its prompt (default true). */
    spawnRun: z.boolean().default(true),
  })
  .strict()
  .refine((review) => review.decision === "approve" || review.body !== "", { message: "Say what should change", path: ["body"] });

/**
 * Approves the task's current head, or requests changes on it (and by default queues the next run,
 * its prompt the spec plus the summary and every open comment with its code).
 */
export async function submitReview(actor: Actor | null, taskId: string, input: unknown) {
  requirePermission(actor, "review.decide");
  const review = parseInput(reviewInputSchema, input);
  if (review.decision === "approve") requirePermission(actor, "review.approve");
  const task = await prisma.task.findUnique({ where: { id: taskId }, include: { repository: true } });
  if (!task) throw new AppError("not_found", "No such task.");
  if (!isTaskOpen(task.status)) throw new AppError("conflict", `The task is ${task.status}.`);
  if (review.headSha !== task.headSha) {
    throw new AppError("conflict", `The head moved: the branch is at ${task.headSha?.slice(0, 12) ?? "nothing"} now; review that head.`);
  }
  if (review.decision === "request_changes" && review.spawnRun) await assertNoActiveRun(prisma, taskId);
  if (review.decision === "approve") {
    const problem = approvalProblem(actor, task);
    if (problem) throw new AppError("forbidden", problem);
  }

  const created = await prisma.$transaction(async (tx) => {
    const row = await tx.review.create({ data: { taskId, authorId: actor.id, viaToken: actor.token?.name ?? null, headSha: review.headSha, decision: review.decision, body: review.body }, include: { author: true } });
    await settleTaskStatus(tx, taskId);
    if (review.decision === "request_changes") {
      await notify(tx, {
        userId: task.authorId,
        actorId: actor.id,
        taskId,
        kind: "changes_requested",
        text: `${actor.name ?? actor.email} requested changes on “${task.name}”`,
        href: `/tasks/${taskId}/diff`,
      });
    }
    await recordAuditEvent(tx, { actorId: actor.id, action: `review.${review.decision}`, targetType: "task", targetId: taskId, data: { reviewId: row.id, headSha: review.headSha } });
    await emitWebhookEvent(tx, "review.submitted", taskId, {
      review: { id: row.id, decision: review.decision, headSha: review.headSha, body: review.body, reviewer: actor.name ?? actor.email, viaToken: actor.token?.name ?? null },
    });
    return row;
  });
  if (review.decision !== "request_changes" || !review.spawnRun) return { review: reviewDto(created, review.headSha), run: null };

  const comments = await prisma.reviewComment.findMany({ where: { taskId, resolved: false }, orderBy: [{ path: "asc" }, { line: "asc" }] });
  const range = await diffRange(taskId);
  const extraPrompt = await feedbackPrompt({ body: review.body, headSha: review.headSha, reviewer: actor.name ?? actor.email }, comments, range);
  const run = await queueRun(taskId, { trigger: "feedback", extraPrompt, createdById: actor.id, viaToken: actor.token?.name ?? null });
  return { review: reviewDto(created, review.headSha), run };
}
