import { type ConnectedRepository, githubClient, githubError, repoOf } from "./client.ts";

export interface BranchProtection {
  /** Status check contexts GitHub requires on the base. */
  requiredChecks: string[];
  requiredApprovals: number;
}

/** The base branch's protection on GitHub, read for the merge checklist; none when it has none. */
export async function branchProtection(repository: ConnectedRepository, branch: string): Promise<BranchProtection> {
  try {
    const { data } = await githubClient(repository).rest.repos.getBranchProtection({ ...repoOf(repository), branch });
    const checks = data.required_status_checks;
    return {
      requiredChecks: [...new Set([...(checks?.contexts ?? []), ...(checks?.checks ?? []).map((check) => check.context)])],
      requiredApprovals: data.required_pull_request_reviews?.required_approving_review_count ?? 0,
    };
  } catch (error) {
    if ((error as { status?: number }).status === 404) return { requiredChecks: [], requiredApprovals: 0 };
    throw githubError(error, `read the protection of ${branch}`);
  }
}

const CACHE_MS = 60_000;
const cache = new Map<string, { at: number; value: BranchProtection }>();

/** The same, remembered for a minute: the merge box asks every few seconds. */
export async function cachedBranchProtection(repository: ConnectedRepository & { id: string }, branch: string): Promise<BranchProtection> {
  const key = `${repository.id}:${branch}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.value;
  const value = await branchProtection(repository, branch);
  cache.set(key, { at: Date.now(), value });
  return value;
}
