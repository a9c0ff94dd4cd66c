import { cachedBranchProtection } from "../github/branch-protection.ts";
import type { ConnectedRepository } from "../github/client.ts";
import { approvingReviewers, compareWithBase, pullRequestMergeable } from "../github/pull-requests.ts";

export interface GithubMergeFacts {
  /** Status contexts the base's protection requires. */
  protectionContexts: string[];
  /** GitHub's view of the task's pull request, when it has one. */
  pullRequest: { number: number; mergeable: boolean | null } | null;
  /** Approving reviews GitHub requires on the pull request, and who has approved it there. */
  reviews: { required: number; approvedBy: string[] };
  /** Commits of the base the head lacks, as GitHub counts them. */
  behindBy: number;
}

const CACHE_MS = 10_000;
const cache = new Map<string, { at: number; facts: GithubMergeFacts }>();

/** What GitHub says about merging the task's head; `fresh` skips the short cache the merge box uses. */
export async function githubMergeFacts(
  task: { id: string; headSha: string; pullRequestNumber: number | null },
  repository: ConnectedRepository & { id: string; baseBranch: string },
  fresh = false,
): Promise<GithubMergeFacts> {
  const key = `${task.id}:${task.headSha}:${task.pullRequestNumber ?? ""}`;
  const hit = cache.get(key);
  if (!fresh && hit && Date.now() - hit.at < CACHE_MS) return hit.facts;
  const protection = await cachedBranchProtection(repository, repository.baseBranch, fresh);
  const pull = task.pullRequestNumber ? await pullRequestMergeable(repository, task.pullRequestNumber) : null;
  const approvedBy = protection.requiredApprovals > 0 && task.pullRequestNumber ? await approvingReviewers(repository, task.pullRequestNumber) : [];
  const comparison = await compareWithBase(repository, task.headSha);
  const facts = {
    protectionContexts: protection.requiredChecks,
    pullRequest: pull && task.pullRequestNumber ? { number: task.pullRequestNumber, mergeable: pull.mergeable } : null,
    behindBy: comparison.behindBy,
    reviews: { required: protection.requiredApprovals, approvedBy },
  };
  cache.set(key, { at: Date.now(), facts });
  return facts;
}
