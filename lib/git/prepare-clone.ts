import path from "node:path";
import { createBorrowingClone, readMirrorRefs } from "./borrowing-clone.ts";
import { WorkspaceError } from "./workspace-error.ts";
import { withMirrorLock } from "./mirror-lock.ts";
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
 * branch head when the mirror has no task branch yet, continued from its head otherwise. It has the
 * base branch, the task branch and the tags, borrows the mirror's objects (which git only ever reads)
 * and has no remote.
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
  const baseRef = `refs/heads/${baseBranch}`;
  const taskRef = `refs/heads/${taskBranch}`;

  // Under the mirror's lock, so the heads read here are the ones cloned.
  return withMirrorLock(mirrorPath, async () => {
    const { commits, tags } = await readMirrorRefs(mirrorPath, [baseRef, taskRef]);
    const baseHead = commits.get(baseRef);
    if (!baseHead) throw new WorkspaceError("invalid_argument", `The repository has no branch "${baseBranch}".`);
    const taskHead = commits.get(taskRef);
    const startSha = taskHead ?? baseHead;
    const refs = new Map([...tags, [baseRef, baseHead], [taskRef, startSha]]);
    await createBorrowingClone({ mirrorPath, clonePath, refs, head: { branch: taskBranch } });
    return { path: clonePath, baseSha: taskHead ? null : baseHead, startSha };
  });
}
