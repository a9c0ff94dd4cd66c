import { gitAuthEnv } from "../../github/git-auth-env.ts";
import { buildMerge } from "../build-merge.ts";
import { pushBase } from "../push-base.ts";
import type { MergeStrategy } from "./types.ts";

/** Built in the mirror and pushed to the base as a lease on the base head it was built on. */
export const localMerge: MergeStrategy = async ({ task, repository, mirrorPath, baseSha, headSha, method, author }) => {
  const message = `${task.name}\n\nMerge ${task.branch} into ${repository.baseBranch} (task ${task.id}, ${method}).`;
  const mergeSha = await buildMerge({ mirrorPath, baseSha, headSha, method, message, author });
  await pushBase({ mirrorPath, upstream: repository.upstream, baseBranch: repository.baseBranch, baseSha, mergeSha, env: gitAuthEnv(repository) });
  return mergeSha;
};
