import { AppError } from "../errors.ts";
import { failureReason, git, REMOTE_TIMEOUT_MS, runGitWithin } from "../git/git.ts";
import { withMirrorLock } from "../git/mirror-lock.ts";

/**
 * Moves the upstream's base branch from `baseSha` to `mergeSha`, only if it is still at `baseSha`
 * (a lease), so a base that moved meanwhile is refused, never overwritten; then the mirror follows.
 */
export async function pushBase(input: { mirrorPath: string; upstream: string; baseBranch: string; baseSha: string; mergeSha: string; env?: Record<string, string> }): Promise<void> {
  const ref = `refs/heads/${input.baseBranch}`;
  const args = ["--git-dir", input.mirrorPath, "push", "--porcelain", "--no-verify", "--no-follow-tags", `--force-with-lease=${ref}:${input.baseSha}`, "--", input.upstream, `${input.mergeSha}:${ref}`];
  const result = await runGitWithin(args, "push the merge", { timeoutMs: REMOTE_TIMEOUT_MS, env: input.env });
  if (result.code !== 0) {
    const refused = result.stdout.split("\n").find((line) => line.startsWith("!\t"))?.split("\t")[2] ?? "";
    const output = `${refused} ${result.stderr}`;
    if (/stale info|fetch first|non-fast-forward/.test(output)) {
      throw new AppError("conflict", `The base branch "${input.baseBranch}" moved while merging; nothing was merged. Look at the new base and merge again.`);
    }
    if (/checked out|denyCurrentBranch|current branch/.test(output)) {
      throw new AppError(
        "conflict",
        `The upstream refused the push because "${input.baseBranch}" is checked out in it (a non-bare repository); nothing was merged. ` +
          "Make the upstream a bare repository (git clone --bare), or run `git config receive.denyCurrentBranch updateInstead` in it.",
      );
    }
    throw new AppError("conflict", `The upstream refused the merge: ${refused || failureReason(result)}`);
  }
  // Under the mirror's lock: a refresh of the mirror (runs fetch all the time) moving the same ref
  // at the same moment would fail with "cannot lock ref".
  await withMirrorLock(input.mirrorPath, () => git(["--git-dir", input.mirrorPath, "update-ref", ref, input.mergeSha], "move the mirror's base branch"));
}

/** Deletes the feature branch upstream, only if it is still at the merged head. */
export async function deleteBranch(input: { mirrorPath: string; upstream: string; branch: string; headSha: string; env?: Record<string, string> }): Promise<string | null> {
  const ref = `refs/heads/${input.branch}`;
  const args = ["--git-dir", input.mirrorPath, "push", "--porcelain", "--no-verify", `--force-with-lease=${ref}:${input.headSha}`, "--", input.upstream, `:${ref}`];
  const result = await runGitWithin(args, "delete the feature branch", { timeoutMs: REMOTE_TIMEOUT_MS, env: input.env });
  if (result.code !== 0) return `The feature branch was not deleted: ${failureReason(result)}`;
  await withMirrorLock(input.mirrorPath, () => runGitWithin(["--git-dir", input.mirrorPath, "update-ref", "-d", ref], "delete the mirror's feature branch"));
  return null;
}
