import { stat } from "node:fs/promises";
import path from "node:path";
import { createBorrowingClone, type MirrorRefs, readMirrorRefs } from "./borrowing-clone.ts";
import { ensureMirror, type EnsureMirrorInput, mirrorPathOf } from "./ensure-mirror.ts";
import { removeClone } from "./remove-clone.ts";
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

function validate({ runId, baseBranch, taskBranch }: PrepareCloneInput): void {
  assertPathSegment("runId", runId);
  assertBranchName("baseBranch", baseBranch);
  assertBranchName("taskBranch", taskBranch);
  if (taskBranch === baseBranch) {
    throw new WorkspaceError("invalid_argument", `The task branch cannot be the base branch "${baseBranch}".`);
  }
}

/**
 * A run's own clone at `<workspaceRoot>/<runId>`, checked out on the task branch: created from the base
 * branch head when the mirror has no task branch yet, continued from its head otherwise. It has the
 * base branch, the task branch and the tags, borrows the mirror's objects (which git only ever reads)
 * and has no remote.
 */
export async function prepareClone(input: PrepareCloneInput): Promise<PreparedClone> {
  validate(input);
  const { mirrorPath } = input;
  const clonePath = path.join(path.resolve(input.workspaceRoot), input.runId);

  // Under the mirror's lock, so the heads read here are the ones cloned.
  return withMirrorLock(mirrorPath, async () => cloneFrom(input, clonePath, await readMirrorRefs(mirrorPath, [baseRef(input), taskRef(input)])));
}

const baseRef = (input: PrepareCloneInput) => `refs/heads/${input.baseBranch}`;
const taskRef = (input: PrepareCloneInput) => `refs/heads/${input.taskBranch}`;

async function cloneFrom(input: PrepareCloneInput, clonePath: string, { commits, tags }: MirrorRefs): Promise<PreparedClone> {
  const baseHead = commits.get(baseRef(input));
  if (!baseHead) throw new WorkspaceError("invalid_argument", `The repository has no branch "${input.baseBranch}".`);
  const taskHead = commits.get(taskRef(input));
  const startSha = taskHead ?? baseHead;
  const refs = new Map([...tags, [baseRef(input), baseHead], [taskRef(input), startSha]]);
  await createBorrowingClone({ mirrorPath: input.mirrorPath, clonePath, refs, head: { branch: input.taskBranch } });
  return { path: clonePath, baseSha: taskHead ? null : baseHead, startSha };
}

const sameRefs = (a: MirrorRefs, b: MirrorRefs) =>
  [a.commits, a.tags].every((map, index) => {
    const other = index === 0 ? b.commits : b.tags;
    return map.size === other.size && [...map].every(([name, sha]) => other.get(name) === sha);
  });

/**
 * A run's clone of the upstream as it is now: the mirror brought up to date (made on first use), then
 * the clone prepared from it. An existing mirror is cloned while it is fetched, from the heads it had,
 * and the clone is kept when the fetch left those heads and the tags as they were (the usual case);
 * otherwise it is made again from the fetched heads. The objects of a head the mirror shows are
 * already in it (git writes objects before refs, and the mirror never prunes), so the early clone reads
 * only what stays.
 */
export async function prepareFreshClone(mirror: EnsureMirrorInput, clone: Omit<PrepareCloneInput, "mirrorPath">): Promise<PreparedClone & { mirrorPath: string }> {
  const mirrorPath = mirrorPathOf(mirror.dataDir, mirror.repositoryId);
  const input = { ...clone, mirrorPath };
  if (!(await stat(mirrorPath).then(() => true, () => false))) {
    await ensureMirror(mirror);
    return { ...(await prepareClone(input)), mirrorPath };
  }
  validate(input);
  const clonePath = path.join(path.resolve(input.workspaceRoot), input.runId);
  const fetched = ensureMirror(mirror);
  fetched.catch(() => undefined);
  const early = await readMirrorRefs(mirrorPath, [baseRef(input), taskRef(input)])
    .then(async (refs) => ({ refs, clone: await cloneFrom(input, clonePath, refs) }))
    .catch(() => null);
  await fetched.catch(async (error: unknown) => {
    if (early) await removeClone(clonePath);
    throw error;
  });
  return withMirrorLock(mirrorPath, async () => {
    const now = await readMirrorRefs(mirrorPath, [baseRef(input), taskRef(input)]);
    if (early && sameRefs(early.refs, now)) return { ...early.clone, mirrorPath };
    if (early) await removeClone(clonePath);
    return { ...(await cloneFrom(input, clonePath, now)), mirrorPath };
  });
}
