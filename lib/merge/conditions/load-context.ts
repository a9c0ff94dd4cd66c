import { latestAttempts } from "../../checks/latest-attempts.ts";
import { prisma } from "../../db/client.ts";
import { readBranchHead } from "../../git/read-branch-head.ts";
import { decisionsOnHead } from "../../review/approvals.ts";
import type { ConditionInput, MergeContext } from "./types.ts";

export async function loadMergeContext(input: ConditionInput): Promise<MergeContext> {
  const { task, mirrorPath } = input;
  const head = task.headSha;
  const [upstreamHead, baseHead, checks, decisions, staleApprovals] = await Promise.all([
    readBranchHead(mirrorPath, task.branch).catch(() => null),
    readBranchHead(mirrorPath, task.repository.baseBranch).catch(() => null),
    head ? prisma.checkRun.findMany({ where: { taskId: task.id, headSha: head } }).then(latestAttempts) : [],
    head ? decisionsOnHead(prisma, task, head) : null,
    head ? prisma.review.count({ where: { taskId: task.id, decision: "approve", headSha: { not: head } } }) : 0,
  ]);
  return { ...input, upstreamHead, baseHead, checks, decisions, staleApprovals };
}
