import { prisma } from "../../db/client.ts";
import { gitAuthEnv } from "../../github/git-auth-env.ts";
import { env } from "../../env.mjs";
import { AppError } from "../../errors.ts";
import { ensureMirror, mirrorPathOf } from "../../git/ensure-mirror.ts";
import { rememberCommitFact } from "../../git/commit-facts.ts";
import { git, readCommit } from "../../git/git.ts";
import { readBranchHead } from "../../git/read-branch-head.ts";

/** Which part of the task's changes: one run's (`run`), or those since a head the reviewer saw (`since`). */
export interface DiffScope {
  run?: string;
  since?: string;
}

export interface DiffRange {
  mirrorPath: string;
  /** The merge base of the branch with the base branch (or a run's starting head). */
  base: string;
  head: string;
}

/**
 * What a diff shows: the task branch against its merge base with the base branch (for a merged task,
 * the base it was merged into, as it was then), or with `run` only that run's changes (its commits, from
 * the head it started from to the head it pushed), or with `since` the changes from an earlier head of
 * the task (one a run pushed or a review was made on) to the current one.
 */
export async function diffRange(taskId: string, scope: DiffScope = {}): Promise<DiffRange> {
  const runId = scope.run;
  const task = await prisma.task.findUnique({ where: { id: taskId }, include: { repository: true, merge: true } });
  if (!task) throw new AppError("not_found", "No such task.");
  const { repository } = task;
  let head = task.headSha;
  let start: string | null = null;
  if (runId) {
    const run = await prisma.run.findFirst({ where: { id: runId, taskId } });
    if (!run) throw new AppError("not_found", "No such run of this task.");
    if (!run.headSha || !run.startSha) throw new AppError("conflict", `Run #${run.number} pushed no changes.`);
    head = run.headSha;
    start = run.startSha;
  }
  if (!head) throw new AppError("conflict", "Nothing to diff yet: no run has pushed a commit to the branch.");
  if (scope.since !== undefined && !runId) start = await earlierHead(taskId, scope.since);

  let mirrorPath = mirrorPathOf(env.DATA_DIR, repository.id);
  // Runs may have been pushed by a worker on another machine: fetch what this mirror lacks.
  const present = (gitDir: string) => rememberCommitFact(["present", gitDir, head], () => readCommit(gitDir, head).catch(() => null), (commit) => commit !== null);
  if (!(await present(mirrorPath))) {
    mirrorPath = (await ensureMirror({ dataDir: env.DATA_DIR, repositoryId: repository.id, upstream: repository.upstream, remoteEnv: gitAuthEnv(repository) })).mirrorPath;
    if (!(await readCommit(mirrorPath, head))) throw new AppError("conflict", `The head ${head.slice(0, 12)} is no longer in the repository.`);
  }
  if (start) return { mirrorPath, base: start, head };
  // A merged task keeps its diff: against the base as it was when it merged (the base now contains it).
  const baseHead = task.merge ? task.merge.baseSha : await readBranchHead(mirrorPath, repository.baseBranch);
  const base = baseHead ? await rememberCommitFact(["merge-base", mirrorPath, baseHead, head], () => git(["--git-dir", mirrorPath, "merge-base", baseHead, head], "find the merge base")) : task.baseSha;
  if (!base) throw new AppError("conflict", `The repository has no branch "${repository.baseBranch}".`);
  return { mirrorPath, base, head };
}

async function earlierHead(taskId: string, since: string): Promise<string> {
  if (!/^[0-9a-f]{40}$/.test(since)) throw new AppError("validation_failed", "since must be a full commit SHA", { since: "Not a full commit SHA" });
  const known = (await prisma.run.count({ where: { taskId, headSha: since } })) + (await prisma.review.count({ where: { taskId, headSha: since } }));
  if (known === 0) throw new AppError("not_found", `${since.slice(0, 12)} was never a head of this task.`);
  return since;
}
