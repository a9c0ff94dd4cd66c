import path from "node:path";
import { createBorrowingClone, readMirrorRefs } from "./borrowing-clone.ts";
import { WorkspaceError } from "./workspace-error.ts";
import { readCommit } from "./git.ts";
import { withMirrorLock } from "./mirror-lock.ts";
import { assertPathSegment } from "./validate.ts";

/**
 * A fresh checkout of exactly `sha` at `<workspaceRoot>/<id>` (detached, with the mirror's tags, no
 * remote), borrowing the mirror's objects read-only: where a check runs.
 */
export async function prepareCheckout(input: { mirrorPath: string; workspaceRoot: string; id: string; sha: string }): Promise<string> {
  assertPathSegment("id", input.id);
  if (!/^[0-9a-f]{40}$/.test(input.sha)) throw new WorkspaceError("invalid_argument", `"${input.sha}" is not a commit SHA.`);
  const checkoutPath = path.join(path.resolve(input.workspaceRoot), input.id);
  return withMirrorLock(input.mirrorPath, async () => {
    if (!(await readCommit(input.mirrorPath, input.sha))) {
      throw new WorkspaceError("invalid_argument", `The commit ${input.sha.slice(0, 12)} is not in the repository (was the branch rewritten?).`);
    }
    const { tags } = await readMirrorRefs(input.mirrorPath, []);
    await createBorrowingClone({ mirrorPath: input.mirrorPath, clonePath: checkoutPath, refs: tags, head: { detached: input.sha } });
    return checkoutPath;
  });
}
