import { can, type Actor } from "../auth/permissions.ts";
import { latestAttempts } from "../checks/latest-attempts.ts";
import { prisma } from "../db/client.ts";
import type { CheckRun, Prisma } from "../generated/prisma/client.ts";
import { decisionsOnHead } from "../review/approvals.ts";
import { isAncestor, readCommit, runGitWithin } from "../runs/workspace/git.ts";
import type { GithubMergeFacts } from "./github-merge-facts.ts";
import { BRANCH_PREFIX } from "../tasks/branch.ts";
import { requiredCheckNames } from "./required-checks.ts";
import { isTaskOpen } from "../tasks/task-open.ts";

export type ConditionState = "met" | "unmet" | "pending";

export interface MergeCondition {
  key: "role" | "open" | "branch" | "head" | "checks" | "approvals" | "no_changes_requested" | "mergeable" | "github_mergeable" | "github_reviews" | "up_to_date";
  label: string;
  state: ConditionState;
  detail?: string;
  /** Why it is unmet, where the merge answers differently: the head moved is a 409, not a 422. */
  refusal?: "head_moved";
}

export type MergeTask = Prisma.TaskGetPayload<{ include: { repository: { include: { checks: true } }; author: true } }>;

export interface ConditionInput {
  actor: Actor | null;
  task: MergeTask;
  mirrorPath: string;
  /** The head the person saw; null when only showing the conditions. */
  expectedHeadSha: string | null;
  /** What GitHub says, for a repository connected to it. */
  github?: GithubMergeFacts | null;
}

/** Every condition of the guarded merge with its state, read from the database and the mirror as they are now. */
export async function mergeConditions(input: ConditionInput): Promise<MergeCondition[]> {
  const { actor, task, mirrorPath } = input;
  const { repository } = task;
  const head = task.headSha;
  const conditions: MergeCondition[] = [
    can(actor, "task.merge")
      ? { key: "role", label: "You may merge (maintainer or admin)", state: "met" }
      : { key: "role", label: "You may merge (maintainer or admin)", state: "unmet", detail: `Your role is ${actor?.role ?? "none"}.` },
    !isTaskOpen(task.status)
      ? { key: "open", label: "The task is open", state: "unmet", detail: `It is ${task.status}.` }
      : { key: "open", label: "The task is open", state: "met" },
    task.branch.startsWith(BRANCH_PREFIX) && task.branch !== repository.baseBranch
      ? { key: "branch", label: `Merges its feature branch ${task.branch}`, state: "met" }
      : { key: "branch", label: "Merges its feature branch", state: "unmet", detail: `${task.branch} is not a ${BRANCH_PREFIX} branch.` },
  ];
  const upstreamHead = await readCommit(mirrorPath, `refs/heads/${task.branch}`).catch(() => null);
  conditions.push(headCondition(head, upstreamHead, input.expectedHeadSha));
  if (!head) return conditions;

  const checks = latestAttempts(await prisma.checkRun.findMany({ where: { taskId: task.id, headSha: head } }));
  conditions.push(checksCondition(requiredCheckNames(repository.checks, task.acceptanceCriteria, input.github?.protectionContexts), checks));
  conditions.push(...(await reviewConditions(task, head)));
  const baseHead = await readCommit(mirrorPath, `refs/heads/${repository.baseBranch}`).catch(() => null);
  conditions.push(await mergeableCondition(mirrorPath, baseHead, head, repository.baseBranch));
  const pull = input.github?.pullRequest;
  if (pull) {
    const label = `GitHub can merge pull request #${pull.number}`;
    conditions.push(
      pull.mergeable === true ? { key: "github_mergeable", label, state: "met" }
      : pull.mergeable === false ? { key: "github_mergeable", label, state: "unmet", detail: "GitHub reports conflicts or a blocked merge." }
      : { key: "github_mergeable", label, state: "pending", detail: "GitHub is still computing whether it can merge." },
    );
  }
  const reviews = input.github?.reviews;
  if (reviews && reviews.required > 0) {
    const label = `GitHub's protection: ${reviews.required} approving review${reviews.required === 1 ? "" : "s"} on the pull request`;
    conditions.push(
      reviews.approvedBy.length >= reviews.required ? { key: "github_reviews", label, state: "met", detail: `Approved on GitHub by ${reviews.approvedBy.join(", ")}.` }
      : pull ? { key: "github_reviews", label, state: "unmet", detail: `${reviews.approvedBy.length} of ${reviews.required} on pull request #${pull.number}: review it on GitHub.` }
      : { key: "github_reviews", label, state: "unmet", detail: "No pull request yet: turn on draft pull requests for this repository (opened on the next push) or open one on GitHub, and have it reviewed there." },
    );
  }
  if (repository.requireUpToDate) {
    const upToDate = input.github ? input.github.behindBy === 0 : baseHead !== null && (await isAncestor(mirrorPath, baseHead, head).catch(() => false));
    conditions.push(
      upToDate
        ? { key: "up_to_date", label: `Up to date with ${repository.baseBranch}`, state: "met" }
        : { key: "up_to_date", label: `Up to date with ${repository.baseBranch}`, state: "unmet", detail: `${repository.baseBranch} has commits the branch does not: run the agent again on the current base.` },
    );
  }
  return conditions;
}

function headCondition(head: string | null, upstreamHead: string | null, expected: string | null): MergeCondition {
  const label = "The branch head is the one reviewed";
  if (!head) return { key: "head", label, state: "unmet", detail: "No run has pushed a commit yet." };
  if (upstreamHead && upstreamHead !== head) return { key: "head", label, state: "unmet", refusal: "head_moved", detail: `head moved: the upstream branch is at ${upstreamHead.slice(0, 12)}, not ${head.slice(0, 12)}.` };
  if (expected && expected !== head) return { key: "head", label, state: "unmet", refusal: "head_moved", detail: `head moved: the branch is at ${head.slice(0, 12)}, not at ${expected.slice(0, 12)} you saw.` };
  return { key: "head", label: `The branch head is ${head.slice(0, 12)}`, state: "met" };
}

function checksCondition(required: string[], checks: CheckRun[]): MergeCondition {
  const label = required.length === 0 ? "No required checks" : `Required checks passed on the head (${required.join(", ")})`;
  const failing: string[] = [];
  const pending: string[] = [];
  for (const name of required) {
    const ofName = checks.filter((check) => check.name === name);
    if (ofName.length === 0 || ofName.some((check) => check.status !== "completed")) pending.push(name);
    else if (!ofName.every((check) => check.conclusion === "success")) failing.push(`${name} (${ofName.map((check) => check.conclusion).join(", ")})`);
  }
  if (failing.length > 0) return { key: "checks", label, state: "unmet", detail: `Not green: ${failing.join(", ")}.` };
  if (pending.length > 0) return { key: "checks", label, state: "pending", detail: `Waiting for: ${pending.join(", ")}.` };
  return { key: "checks", label, state: "met" };
}

async function reviewConditions(task: MergeTask, head: string): Promise<MergeCondition[]> {
  const { eligibleApprovals: eligible, changeRequests: requesting } = await decisionsOnHead(prisma, task, head);
  const needed = task.repository.requiredApprovals;
  const stale = await prisma.review.count({ where: { taskId: task.id, decision: "approve", headSha: { not: head } } });
  return [
    eligible.length >= needed
      ? { key: "approvals", label: `${needed} approval${needed === 1 ? "" : "s"} on the head`, state: "met", detail: `Approved by ${eligible.map((review) => review.author.email).join(", ")}.` }
      : {
          key: "approvals",
          label: `${needed} approval${needed === 1 ? "" : "s"} on the head`,
          state: "unmet",
          detail: `${eligible.length} of ${needed} from an eligible reviewer (maintainers and admins${task.repository.allowSelfApproval ? "" : " other than the author"})${stale > 0 ? `; ${stale} earlier approval${stale === 1 ? " is" : "s are"} stale` : ""}.`,
        },
    requesting.length === 0
      ? { key: "no_changes_requested", label: "No changes requested on the head", state: "met" }
      : { key: "no_changes_requested", label: "No changes requested on the head", state: "unmet", detail: `Requested by ${requesting.map((review) => review.author.email).join(", ")}.` },
  ];
}

async function mergeableCondition(mirrorPath: string, baseHead: string | null, head: string, baseBranch: string): Promise<MergeCondition> {
  const label = `Merges into ${baseBranch} without conflicts`;
  if (!baseHead) return { key: "mergeable", label, state: "unmet", detail: `The repository has no branch "${baseBranch}".` };
  const result = await runGitWithin(["--git-dir", mirrorPath, "merge-tree", "--write-tree", "--name-only", "--no-messages", baseHead, head], "check for conflicts");
  if (result.code === 0) return { key: "mergeable", label, state: "met" };
  if (result.code === 1) {
    const files = result.stdout.split("\n").slice(1).filter(Boolean);
    return { key: "mergeable", label, state: "unmet", detail: `Conflicts in ${files.join(", ") || "the branch"}: run the agent again on the current base.` };
  }
  return { key: "mergeable", label, state: "pending", detail: `Could not check: ${result.stderr.trim()}` };
}
