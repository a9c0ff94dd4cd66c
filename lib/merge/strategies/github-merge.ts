import { isGithubConnected } from "../../github/client.ts";
import { ensurePullRequest, mergePullRequest } from "../../github/pull-requests.ts";
import type { MergeStrategy } from "./types.ts";

/** GitHub's own rules (protection, rulesets, required reviews) get the last word through its API. */
export const githubMerge: MergeStrategy = async ({ task, repository, headSha, method }) => {
  if (!isGithubConnected(repository)) throw new Error(`The repository ${repository.name} is not connected to GitHub.`);
  const number = await ensurePullRequest(task, repository, false);
  return mergePullRequest(repository, number, { sha: headSha, method, title: task.name });
};
