import { Octokit } from "@octokit/rest";
import { AppError } from "../errors.ts";
import { noteRateLimit, rateLimited } from "./rate-limit.ts";

export interface GithubRepository {
  githubOwner: string | null;
  githubRepo: string | null;
  githubToken: string | null;
  githubApiUrl: string | null;
}

export type ConnectedRepository = GithubRepository & { githubOwner: string; githubRepo: string; githubToken: string };

export function isGithubConnected<T extends GithubRepository>(repository: T): repository is T & ConnectedRepository {
  return !!(repository.githubOwner && repository.githubRepo && repository.githubToken);
}

/** An Octokit for the repository's GitHub connection (server-side only), reporting rate limits as it goes. */
export function githubClient(repository: ConnectedRepository): Octokit {
  const { limited, resumeAt } = rateLimited();
  if (limited) throw new AppError("conflict", `GitHub's rate limit is spent until ${resumeAt.toISOString()}; try again then.`);
  const octokit = new Octokit({
    auth: repository.githubToken,
    baseUrl: repository.githubApiUrl ?? "https://api.github.com",
    userAgent: "code-orchestrator",
    request: { retries: 0 },
  });
  octokit.hook.after("request", (response) => noteRateLimit(response.status, response.headers as Record<string, string>));
  octokit.hook.error("request", (error) => {
    const failure = error as { status?: number; response?: { headers: Record<string, string> } };
    if (failure.response) noteRateLimit(failure.status ?? 0, failure.response.headers);
    throw error;
  });
  return octokit;
}

/** The repository's coordinates for Octokit calls. */
export function repoOf(repository: ConnectedRepository): { owner: string; repo: string } {
  return { owner: repository.githubOwner, repo: repository.githubRepo };
}

/** A GitHub API failure as a message a person can act on. */
export function githubError(error: unknown, doing: string): AppError {
  const failure = error as { status?: number; message?: string; response?: { data?: { message?: string; errors?: Array<{ message?: string; code?: string; field?: string }> } } };
  const data = failure.response?.data;
  const detail = [data?.message ?? failure.message, ...(data?.errors ?? []).map((item) => item.message ?? [item.field, item.code].filter(Boolean).join(" "))].filter(Boolean).join("; ");
  switch (failure.status) {
    case 401:
      return new AppError("conflict", `GitHub refused the token while trying to ${doing}: ${detail}. An admin should update the repository's GitHub token.`);
    case 403:
    case 429:
      return new AppError("conflict", `GitHub refused to ${doing} (permissions or rate limit): ${detail}.`);
    case 404:
      return new AppError("not_found", `GitHub found nothing while trying to ${doing}: ${detail}. Check the owner, the repository and the token's access.`);
    case 422:
      return new AppError("validation_failed", `GitHub could not ${doing}: ${detail}.`);
    default:
      return new AppError("conflict", `GitHub could not ${doing}: ${detail || "no answer"}.`);
  }
}
