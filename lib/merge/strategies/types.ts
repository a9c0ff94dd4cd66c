import type { Repository } from "../../generated/prisma/client.ts";
import type { MergeMethod } from "../../generated/prisma/enums.ts";

/** A merge every condition allowed, made the repository's way; answers the merge commit. */
export interface MergeRequest {
  task: { id: string; name: string; goal: string; branch: string; pullRequestNumber: number | null };
  repository: Repository;
  mirrorPath: string;
  baseSha: string;
  headSha: string;
  method: MergeMethod;
  author: { name: string; email: string };
}

export type MergeStrategy = (request: MergeRequest) => Promise<string>;
