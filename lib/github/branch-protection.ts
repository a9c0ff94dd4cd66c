import { type ConnectedRepository, githubClient, githubError, repoOf } from "./client.ts";

export interface BranchProtection {
  /** Status check contexts GitHub requires on the base. */
  requiredChecks: string[];
  /** Approving reviews GitHub requires on the pull request. */
  requiredApprovals: number;
}

const NONE: BranchProtection = { requiredChecks: [], requiredApprovals: 0 };

/** The base branch's classic protection on GitHub; none when it has none. */
export async function classicProtection(repository: ConnectedRepository, branch: string): Promise<BranchProtection> {
  try {
    const { data } = await githubClient(repository).rest.repos.getBranchProtection({ ...repoOf(repository), branch });
    const checks = data.required_status_checks;
    return {
      requiredChecks: [...new Set([...(checks?.contexts ?? []), ...(checks?.checks ?? []).map((check) => check.context)])],
      requiredApprovals: data.required_pull_request_reviews?.required_approving_review_count ?? 0,
    };
  } catch (error) {
    if ((error as { status?: number }).status === 404) return NONE;
    throw githubError(error, `read the protection of ${branch}`);
  }
}

interface BranchRule {
  type: string;
  parameters?: { required_status_checks?: Array<{ context: string }>; required_approving_review_count?: number };
}

/** The rules GitHub's rulesets apply to the branch (required checks and pull request reviews). */
export async function rulesetRules(repository: ConnectedRepository, branch: string): Promise<BranchProtection> {
  try {
    const { data } = await githubClient(repository).request("GET /repos/{owner}/{repo}/rules/branches/{branch}", { ...repoOf(repository), branch });
    const rules = data as BranchRule[];
    return {
      requiredChecks: rules.filter((rule) => rule.type === "required_status_checks").flatMap((rule) => (rule.parameters?.required_status_checks ?? []).map((check) => check.context)),
      requiredApprovals: Math.max(0, ...rules.filter((rule) => rule.type === "pull_request").map((rule) => rule.parameters?.required_approving_review_count ?? 0)),
    };
  } catch (error) {
    if ((error as { status?: number }).status === 404) return NONE;
    throw githubError(error, `read the rulesets of ${branch}`);
  }
}

/** Both together: what GitHub will insist on when the pull request is merged. */
export async function branchProtection(repository: ConnectedRepository, branch: string): Promise<BranchProtection> {
  const classic = await classicProtection(repository, branch);
  const rules = await rulesetRules(repository, branch);
  return {
    requiredChecks: [...new Set([...classic.requiredChecks, ...rules.requiredChecks])],
    requiredApprovals: Math.max(classic.requiredApprovals, rules.requiredApprovals),
  };
}

const CACHE_MS = 60_000;
const cache = new Map<string, { at: number; value: BranchProtection }>();

/** The same, remembered for a minute: the merge box asks every few seconds. */
export async function cachedBranchProtection(repository: ConnectedRepository & { id: string }, branch: string, fresh = false): Promise<BranchProtection> {
  const key = `${repository.id}:${branch}`;
  const hit = cache.get(key);
  if (!fresh && hit && Date.now() - hit.at < CACHE_MS) return hit.value;
  const value = await branchProtection(repository, branch);
  cache.set(key, { at: Date.now(), value });
  return value;
}
