import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { AppError } from "../errors.ts";
import type { MergeMethod } from "../generated/prisma/enums.ts";
import { CLONE_ENV } from "../git/clone-git-dir.ts";
import { failureReason, git, runGitWithin } from "../git/git.ts";
import { withMirrorLock } from "../git/mirror-lock.ts";

export interface BuildMergeInput {
  mirrorPath: string;
  baseSha: string;
  headSha: string;
  method: MergeMethod;
  message: string;
  author: { name: string; email: string };
}

/**
 * Builds the commit the base branch will point to, in a temporary worktree of the mirror: a merge
 * commit, one squashed commit, or the branch's commits replayed on the base. Nothing is pushed here.
 */
export async function buildMerge(input: BuildMergeInput): Promise<string> {
  const worktree = path.join(os.tmpdir(), `orch-merge-${randomUUID()}`);
  const env = {
    ...CLONE_ENV,
    GIT_AUTHOR_NAME: input.author.name,
    GIT_AUTHOR_EMAIL: input.author.email,
    GIT_COMMITTER_NAME: "Code Orchestrator",
    GIT_COMMITTER_EMAIL: "merge@code-orchestrator.local",
  };
  const inWorktree = (args: string[], purpose: string) => git(["-C", worktree, "-c", "core.hooksPath=/dev/null", ...args], purpose, { env });
  await withMirrorLock(input.mirrorPath, () =>
    git(["--git-dir", input.mirrorPath, "worktree", "add", "--detach", "--quiet", worktree, input.method === "rebase" ? input.headSha : input.baseSha], "create a merge worktree", { env: CLONE_ENV }),
  );
  try {
    if (input.method === "merge") {
      await inWorktree(["merge", "--no-ff", "--no-edit", "--quiet", "-m", input.message, input.headSha], "merge the branch");
    } else if (input.method === "squash") {
      await inWorktree(["merge", "--squash", "--quiet", input.headSha], "squash the branch");
      await inWorktree(["commit", "--quiet", "--allow-empty", "-m", input.message], "commit the squashed changes");
    } else {
      const rebased = await runGitWithin(["-C", worktree, "-c", "core.hooksPath=/dev/null", "rebase", "--quiet", input.baseSha], "rebase the branch", { env });
      if (rebased.code !== 0) throw new AppError("conflict", `The branch does not rebase cleanly onto the base: ${failureReason(rebased)}`);
    }
    return await inWorktree(["rev-parse", "HEAD"], "read the merge result");
  } finally {
    await withMirrorLock(input.mirrorPath, async () => {
      await runGitWithin(["--git-dir", input.mirrorPath, "worktree", "remove", "--force", worktree], "remove the merge worktree", { env: CLONE_ENV });
      await rm(worktree, { recursive: true, force: true });
      await runGitWithin(["--git-dir", input.mirrorPath, "worktree", "prune"], "prune merge worktrees", { env: CLONE_ENV });
    });
  }
}
