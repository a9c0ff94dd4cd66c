import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { notify } from "../notifications/notify.ts";
import { isTaskOpen } from "../tasks/task-open.ts";
import { parseInput } from "../validation.ts";
import { approvalBlocker } from "./eligibility.ts";

export const reviewRequestInputSchema = z
  .object({
    userIds: z
      .array(z.string({ error: "Each reviewer must be a user id" }).trim().min(1, "A reviewer id is empty").max(64, "A reviewer id is too long"), {
        error: "userIds must be a list of user ids",
      })
      .min(1, "Name at least one reviewer")
      .max(20, "At most 20 reviewers at once"),
  })
  .strict();

/**
 * Asks named maintainers to review the task: each must be able to approve it (a maintainer or admin,
 * enabled, and not its author unless the repository allows that). Asking someone already asked again
 * is not an error; they are told once.
 */
export async function requestReview(actor: Actor | null, taskId: string, input: unknown) {
  requirePermission(actor, "review.request");
  const { userIds } = parseInput(reviewRequestInputSchema, input);
  const task = await prisma.task.findUnique({ where: { id: taskId }, include: { repository: { select: { allowSelfApproval: true } } } });
  if (!task) throw new AppError("not_found", "No such task.");
  if (!isTaskOpen(task.status)) throw new AppError("conflict", `The task is ${task.status}.`);
  const unique = [...new Set(userIds)];
  const users = await prisma.user.findMany({ where: { id: { in: unique } } });
  const problems = unique.flatMap((id) => {
    const user = users.find((candidate) => candidate.id === id);
    if (!user) return [`No user has the id ${id}.`];
    if (user.disabled) return [`${user.email} is disabled.`];
    const blocker = approvalBlocker(user, task);
    if (blocker === "role") return [`${user.email} is a ${user.role}: only maintainers and admins can approve.`];
    if (blocker === "author") return [`${user.email} wrote this task, and the repository does not allow approving your own tasks.`];
    return [];
  });
  if (problems.length > 0) throw new AppError("validation_failed", problems.join(" "), { userIds: problems.join(" ") });

  return prisma.$transaction(async (tx) => {
    const existing = await tx.reviewRequest.findMany({ where: { taskId, reviewerId: { in: unique } }, select: { reviewerId: true } });
    const fresh = unique.filter((id) => !existing.some((request) => request.reviewerId === id));
    await tx.reviewRequest.createMany({ data: fresh.map((reviewerId) => ({ taskId, reviewerId, requestedById: actor.id })) });
    for (const reviewerId of fresh) {
      await notify(tx, {
        userId: reviewerId,
        actorId: actor.id,
        taskId,
        kind: "review_requested",
        text: `${actor.name ?? actor.email} asked you to review “${task.name}”`,
        href: `/tasks/${taskId}/diff`,
      });
    }
    await recordAuditEvent(tx, { actorId: actor.id, action: "review.requested", targetType: "task", targetId: taskId, data: { reviewerIds: fresh } });
    return { requested: fresh, alreadyRequested: unique.filter((id) => !fresh.includes(id)) };
  });
}
