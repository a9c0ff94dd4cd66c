import { CLONE_ENV, cloneGitDir, reclaimClone } from "./clone-git-dir.ts";
import { WorkspaceError } from "./workspace-error.ts";
import { failureReason, git, isAncestor, readCommit, REMOTE_TIMEOUT_MS, runGitWithin } from "./git.ts";
import { withMirrorLock } from "./mirror-lock.ts";
import { assertBranchName, assertSha } from "./validate.ts";

export interface PublishBranchInput {
  clonePath: string;
  mirrorPath: string;
  upstream: string;
  taskBranch: string;
  /** The upstream's task branch head the run started from; null when the run created the branch. */
  expectedOldSha: string | null;
  newSha: string;
  /** For the push to the upstream (e.g. a GitHub token's header). */
  remoteEnv?: Record<string, string>;
}

/**
 * Moves the task branch, and nothing else, to `newSha`: fetched from the clone into the mirror as a
 * fast-forward, then pushed from the mirror to the upstream only if the upstream branch is still at
 * `expectedOldSha`. If the push fails the mirror's branch is put back.
 */
export async function publishBranch(input: PublishBranchInput): Promise<{ headSha: string }> {
  const { clonePath, mirrorPath, taskBranch, expectedOldSha, newSha } = input;
  assertBranchName("taskBranch", taskBranch);
  assertSha("newSha", newSha);
  if (expectedOldSha !== null) assertSha("expectedOldSha", expectedOldSha);
  // git serves the fetch from inside the clone's git directory.
  await reclaimClone(clonePath);
  const taskRef = `refs/heads/${taskBranch}`;

  return withMirrorLock(mirrorPath, async () => {
    const mirrorHeadBefore = await readCommit(mirrorPath, taskRef);
    await fetchTaskBranch(clonePath, mirrorPath, taskBranch);
    const fetched = await readCommit(mirrorPath, taskRef);
    try {
      if (fetched !== newSha) {
        const message = `The clone's task branch is at ${fetched}, not at the collected ${newSha}; nothing published.`;
        throw new WorkspaceError("history_rewritten", message);
      }
      // Checked in the mirror, which holds no grafts or replace refs: the push below must never force.
      if (expectedOldSha !== null && !(await isAncestor(mirrorPath, expectedOldSha, newSha))) {
        const message = `${newSha} does not contain ${expectedOldSha}, the upstream's head; nothing was published.`;
        throw new WorkspaceError("history_rewritten", message);
      }
      await pushTaskBranch(input);
    } catch (error) {
      // The original error matters more; a branch left moved is reset by the mirror's next refresh anyway.
      await restoreMirrorBranch(mirrorPath, taskRef, mirrorHeadBefore, fetched).catch(() => undefined);
      throw error;
    }
    return { headSha: newSha };
  });
}

async function fetchTaskBranch(clonePath: string, mirrorPath: string, taskBranch: string): Promise<void> {
  const taskRef = `refs/heads/${taskBranch}`;
  // No "+": git refuses anything but a fast-forward. No tags: git would follow the agent's tags.
  const refspec = `${taskRef}:${taskRef}`;
  const args = ["--git-dir", mirrorPath, "fetch", "--no-tags", "--no-prune", "--", cloneGitDir(clonePath), refspec];
  const result = await runGitWithin(args, "fetch the task branch from the clone", { env: CLONE_ENV });
  if (result.code === 0) return;
  if (result.stderr.includes("non-fast-forward")) {
    const message = `The clone's "${taskBranch}" does not fast-forward the mirror's: its history was rewritten.`;
    throw new WorkspaceError("history_rewritten", `${message} Nothing was published.`);
  }
  throw new WorkspaceError("git_failed", `Could not fetch the task branch from the clone: ${failureReason(result)}`);
}

async function pushTaskBranch(input: PublishBranchInput): Promise<void> {
  const { mirrorPath, upstream, taskBranch, expectedOldSha, newSha } = input;
  const taskRef = `refs/heads/${taskBranch}`;
  const lease = `--force-with-lease=${taskRef}:${expectedOldSha ?? ""}`;
  const options = ["--porcelain", "--no-verify", "--no-follow-tags", lease];
  const args = ["--git-dir", mirrorPath, "push", ...options, "--", upstream, `${newSha}:${taskRef}`];
  const result = await runGitWithin(args, "push the task branch", { timeoutMs: REMOTE_TIMEOUT_MS, env: input.remoteEnv });
  if (result.code === 0) return;
  // Porcelain output: "!\t<from>:<to>\t<reason>" for a refused ref.
  const reason = result.stdout.split("\n").find((line) => line.startsWith("!\t"))?.split("\t")[2];
  if (!reason) throw new WorkspaceError("git_failed", `Could not push the task branch: ${failureReason(result)}`);
  if (reason.includes("stale info")) {
    const expected = expectedOldSha ? `at ${expectedOldSha}` : "not to exist yet";
    throw new WorkspaceError(
      "push_rejected",
      `The upstream's "${taskBranch}" changed since the run started (the run expected it ${expected}); ` +
        "the push was refused so that change is kept.",
    );
  }
  throw new WorkspaceError("push_rejected", `The upstream refused "${taskBranch}": ${reason}.`);
}

async function restoreMirrorBranch(mirrorPath: string, taskRef: string, before: string | null, now: string | null) {
  if (now === before || now === null) return;
  const args = before ? ["update-ref", taskRef, before, now] : ["update-ref", "-d", taskRef, now];
  await git(["--git-dir", mirrorPath, ...args], "put the mirror's task branch back");
}
