import type { RepositoryWithChecks } from "./queries.ts";

/** What the API and the UI show of a repository: agent variables by name only, never their values. */
export function repositoryDto(repository: RepositoryWithChecks) {
  return {
    id: repository.id,
    name: repository.name,
    upstream: repository.upstream,
    baseBranch: repository.baseBranch,
    agentNetwork: repository.agentNetwork,
    checkNetwork: repository.checkNetwork,
    setupCommand: repository.setupCommand,
    maxConcurrentRuns: repository.maxConcurrentRuns,
    requiredApprovals: repository.requiredApprovals,
    allowSelfApproval: repository.allowSelfApproval,
    requireUpToDate: repository.requireUpToDate,
    deleteBranchOnMerge: repository.deleteBranchOnMerge,
    checks: repository.checks.map((check) => ({
      name: check.name,
      command: check.command,
      required: check.required,
      timeoutSeconds: check.timeoutSeconds,
      junitPath: check.junitPath,
    })),
    github: repository.githubOwner && repository.githubRepo
      ? { owner: repository.githubOwner, repo: repository.githubRepo, apiUrl: repository.githubApiUrl, tokenSet: !!repository.githubToken, openDraftPullRequest: repository.openDraftPullRequest }
      : null,
    agentEnvNames: Object.keys((repository.agentEnv ?? {}) as Record<string, unknown>),
    createdAt: repository.createdAt.toISOString(),
    updatedAt: repository.updatedAt.toISOString(),
  };
}
