import { mkdir } from "node:fs/promises";
import path from "node:path";
import { CLONE_ENV, cloneGit, writeTrustedConfig } from "./clone-git-dir.ts";
import { WorkspaceError } from "./errors.ts";
import { git, readCommit } from "./git.ts";
import { withMirrorLock } from "./mirror-lock.ts";
import { removeClone } from "./remove-clone.ts";
import { assertPathSegment } from "./validate.ts";

/**
 * A fresh checkout of exactly `sha` at `<workspaceRoot>/<id>` (detached, no remote), borrowing the
 * mirror's objects read-only: where a check runs.
 */
export async function prepareCheckout(input: { mirrorPath: string; workspaceRoot: string; id: string; sha: string }): Promise<string> {
  assertPathSegment("id", input.id);
  if (!/^[0-9a-f]{40}$/.test(input.sha)) throw new WorkspaceError("invalid_argument", `"${input.sha}" is not a commit SHA.`);
  const checkoutPath = path.join(path.resolve(input.workspaceRoot), input.id);
  await mkdir(path.dirname(checkoutPath), { recursive: true });
  return withMirrorLock(input.mirrorPath, async () => {
    if (!(await readCommit(input.mirrorPath, input.sha))) {
      throw new WorkspaceError("invalid_argument", `The commit ${input.sha.slice(0, 12)} is not in the repository (was the branch rewritten?).`);
    }
    await git(["clone", "--shared", "--no-checkout", "--quiet", "--", input.mirrorPath, checkoutPath], "clone the mirror", { env: CLONE_ENV });
    try {
      await cloneGit(checkoutPath, ["checkout", "--quiet", "--detach", input.sha], `check out ${input.sha.slice(0, 12)}`);
      await cloneGit(checkoutPath, ["remote", "remove", "origin"], "remove the checkout's remote");
      await writeTrustedConfig(checkoutPath);
    } catch (error) {
      await removeClone(checkoutPath);
      throw error;
    }
    return checkoutPath;
  });
}
