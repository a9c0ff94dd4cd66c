import { type ConnectedRepository, githubClient, githubError, repoOf } from "./client.ts";

export interface CommitStatusInput {
  state: "pending" | "success" | "failure" | "error";
  context: string;
  description?: string;
  targetUrl?: string;
}

/** Reports a result on a commit, as GitHub shows it beside the pull request's other checks. */
export async function createCommitStatus(repository: ConnectedRepository, sha: string, input: CommitStatusInput): Promise<number> {
  try {
    const { data } = await githubClient(repository).rest.repos.createCommitStatus({
      ...repoOf(repository),
      sha,
      state: input.state,
      context: input.context,
      ...(input.description ? { description: input.description } : {}),
      ...(input.targetUrl ? { target_url: input.targetUrl } : {}),
    });
    return data.id;
  } catch (error) {
    throw githubError(error, `report ${input.context} on ${sha.slice(0, 12)}`);
  }
}
