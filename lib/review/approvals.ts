import type { Prisma } from "../generated/prisma/client.ts";
import { approvalProblem } from "./eligibility.ts";

type ReviewReader = Pick<Prisma.TransactionClient, "review">;

/**
 * The decisions standing on a head: each reviewer's latest review of it, the approvals among them that
 * count (eligible reviewers), and the requests for changes.
 */
export async function decisionsOnHead(
  db: ReviewReader,
  task: { id: string; authorId: string; repository: { allowSelfApproval: boolean; requiredApprovals: number } },
  headSha: string,
) {
  const reviews = await db.review.findMany({ where: { taskId: task.id, headSha }, include: { author: true }, orderBy: { createdAt: "asc" } });
  const latestByReviewer = new Map<string, (typeof reviews)[number]>();
  for (const review of reviews) latestByReviewer.set(review.authorId, review);
  const latest = [...latestByReviewer.values()];
  const eligibleApprovals = latest.filter((review) => review.decision === "approve" && !approvalProblem(review.author, task));
  const changeRequests = latest.filter((review) => review.decision === "request_changes");
  return {
    eligibleApprovals,
    changeRequests,
    latestDecision: reviews.at(-1)?.decision ?? null,
    approved: eligibleApprovals.length >= task.repository.requiredApprovals && changeRequests.length === 0,
  };
}
