import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { approvalBlocker } from "./eligibility.ts";
import type { ReviewRequestDto } from "./dto.ts";

/** Who was asked to review the task, and who reviewed which head. */
export async function taskReviewRequests(actor: Actor | null, taskId: string): Promise<ReviewRequestDto[]> {
  requirePermission(actor, "task.view");
  const task = await prisma.task.findUnique({ where: { id: taskId }, select: { headSha: true } });
  if (!task) throw new AppError("not_found", "No such task.");
  const [requests, reviews] = await Promise.all([
    prisma.reviewRequest.findMany({ where: { taskId }, include: { reviewer: true, requestedBy: true }, orderBy: { createdAt: "asc" } }),
    prisma.review.findMany({ where: { taskId }, orderBy: { createdAt: "desc" } }),
  ]);
  return requests.map((request) => {
    const latest = reviews.find((review) => review.authorId === request.reviewerId);
    return {
      reviewer: { id: request.reviewer.id, email: request.reviewer.email, name: request.reviewer.name },
      requestedBy: request.requestedBy.email,
      requestedAt: request.createdAt.toISOString(),
      latestReview: latest ? { decision: latest.decision, headSha: latest.headSha, onCurrentHead: latest.headSha === task.headSha, at: latest.createdAt.toISOString() } : null,
    };
  });
}

/** The people whose approval would count for the task, for the "Request a review" picker. */
export async function eligibleReviewers(actor: Actor | null, taskId: string) {
  requirePermission(actor, "task.view");
  const task = await prisma.task.findUnique({ where: { id: taskId }, select: { authorId: true, repository: { select: { allowSelfApproval: true } } } });
  if (!task) throw new AppError("not_found", "No such task.");
  const users = await prisma.user.findMany({ where: { disabled: false }, orderBy: { email: "asc" } });
  return users
    .filter((user) => approvalBlocker(user, task) === null)
    .map((user) => ({ id: user.id, email: user.email, name: user.name }));
}
