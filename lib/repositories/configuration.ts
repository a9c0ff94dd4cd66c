import type { Repository } from "../generated/prisma/client.ts";

/** The settings a repository's form and API set, as stored (the checks, GitHub and secrets aside). */
export function repositoryConfiguration(repository: Repository) {
  return {
    name: repository.name,
    upstream: repository.upstream,
    baseBranch: repository.baseBranch,
    agentNetwork: repository.agentNetwork,
    checkNetwork: repository.checkNetwork,
    allowedHosts: repository.allowedHosts,
    setupCommand: repository.setupCommand,
    maxConcurrentRuns: repository.maxConcurrentRuns,
    taskBudgetUsd: repository.taskBudgetUsd,
    monthlyBudgetUsd: repository.monthlyBudgetUsd,
    requiredApprovals: repository.requiredApprovals,
    allowSelfApproval: repository.allowSelfApproval,
    requireUpToDate: repository.requireUpToDate,
    deleteBranchOnMerge: repository.deleteBranchOnMerge,
  };
}
