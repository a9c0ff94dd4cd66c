import type { Repository } from "../../generated/prisma/client.ts";
import { isGithubConnected } from "../../github/client.ts";
import { githubMerge } from "./github-merge.ts";
import { localMerge } from "./local-merge.ts";
import type { MergeStrategy } from "./types.ts";

export type { MergeRequest } from "./types.ts";

export function mergeStrategyFor(repository: Repository): MergeStrategy {
  return isGithubConnected(repository) ? githubMerge : localMerge;
}
