import { z } from "zod";
import { repositoryConfiguration } from "./configuration.ts";
import type { RepositoryWithChecks } from "./queries.ts";

export const repositorySchema = z.object({
  id: z.string(),
  name: z.string(),
  upstream: z.string(),
  baseBranch: z.string(),
  agentNetwork: z.enum(["off", "allowlist", "full"]),
  checkNetwork: z.enum(["off", "allowlist", "full"]),
  allowedHosts: z.array(z.string()),
  setupCommand: z.string().nullable(),
  maxConcurrentRuns: z.number().int(),
  taskBudgetUsd: z.number().nullable(),
  monthlyBudgetUsd: z.number().nullable(),
  requiredApprovals: z.number().int(),
  allowSelfApproval: z.boolean(),
  requireUpToDate: z.boolean(),
  deleteBranchOnMerge: z.boolean(),
  checks: z.array(z.object({ name: z.string(), command: z.string(), required: z.boolean(), timeoutSeconds: z.number().int(), junitPath: z.string().nullable() })),
  github: z.object({ owner: z.string(), repo: z.string(), apiUrl: z.string().nullable(), tokenSet: z.boolean(), openDraftPullRequest: z.boolean() }).nullable().describe("The GitHub connection; its token is never shown"),
  agentEnvNames: z.array(z.string()).describe("The variables given to agents, by name only"),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export type RepositoryDto = z.infer<typeof repositorySchema>;

/** What the API and the UI show of a repository: agent variables by name only, never their values. */
export function repositoryDto(repository: RepositoryWithChecks): RepositoryDto {
  return {
    id: repository.id,
    ...repositoryConfiguration(repository),
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
