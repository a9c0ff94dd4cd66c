import { mkdir } from "node:fs/promises";
import path from "node:path";
import { CLONE_ENV, cloneGit, writeTrustedConfig } from "./clone-git-dir.ts";
import { WorkspaceError } from "./errors.ts";
import { git, readCommit } from "./git.ts";
import { withMirrorLock } from "./mirror-lock.ts";
import { removeClone } from "./remove-clone.ts";
import { assertBranchName, assertPathSegment } from "./validate.ts";

export interface PrepareCloneInput {
  mirrorPath: string;
  workspaceRoot: string;
  runId: string;
  baseBranch: string;
  taskBranch: string;
}

export interface PreparedClone {
  path: string;
  /** The base branch head the task branch was created from; null when it already existed. */
  baseSha: string | null;
  /** The task branch head the agent starts from. */
  startSha: string;
}

/**
 * A run's own clone at `<workspaceRoot>/<runId>`, checked out on the task branch: created from the base
 * branch head when the mirror has no task branch yet, continued from its head otherwise. It borrows the
 * mirror's objects through objects/info/alternates, which git only ever reads, and it has no remote.
 */
export async function prepareClone(input: PrepareCloneInput): Promise<PreparedClone> {
  const { mirrorPath, workspaceRoot, runId, baseBranch, taskBranch } = input;
  assertPathSegment("runId", runId);
  assertBranchName("baseBranch", baseBranch);
  assertBranchName("taskBranch", taskBranch);
  if (taskBranch === baseBranch) {
    throw new WorkspaceError("invalid_argument", `The task branch cannot be the base branch "${baseBranch}".`);
  }
  const clonePath = path.join(path.resolve(workspaceRoot), runId);
  await mkdir(path.dirname(clonePath), { recursive: true });

  // Under the mirror's lock, so the heads read here are the ones cloned.
  return withMirrorLock(mirrorPath, async () => {
    const baseHead = await readCommit(mirrorPath, `refs/heads/${baseBranch}`);
    if (!baseHead) throw new WorkspaceError("invalid_argument", `The repository has no branch "${baseBranch}".`);
    const taskHead = await readCommit(mirrorPath, `refs/heads/${taskBranch}`);
    const startSha = taskHead ?? baseHead;

    const cloneArgs = ["clone", "--shared", "--no-checkout", "--single-branch", "--branch", baseBranch, "--quiet"];
    await git([...cloneArgs, "--", mirrorPath, clonePath], "clone the mirror", { env: CLONE_ENV });
    try {
      const checkoutArgs = ["checkout", "--quiet", "--no-track", "-B", taskBranch, startSha];
      await cloneGit(clonePath, checkoutArgs, `check out "${taskBranch}"`);
      await cloneGit(clonePath, ["remote", "remove", "origin"], "remove the clone's remote");
      await writeTrustedConfig(clonePath);
    } catch (error) {
      await removeClone(clonePath);
      throw error;
    }
    return { path: clonePath, baseSha: taskHead ? null : baseHead, startSha };
  });
}
