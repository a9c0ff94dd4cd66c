import { readFile } from "node:fs/promises";
import path from "node:path";
import { readCommit, type GitCall } from "./git.ts";
import { branchNameProblem } from "./ref-format.ts";
import { OBJECT_ID, pathExists, readLooseRef } from "./read-ref-files.ts";
import { WorkspaceError } from "./workspace-error.ts";

/**
 * The commit `refs/heads/<branch>` names in the bare repository `gitDir`, or null when there is no such
 * branch: read from the ref files as git writes them (the loose ref, else packed-refs, which git writes
 * before it removes loose refs), so the merge box and the diff page do not start a git process per ref.
 * Where the files cannot tell (a symbolic ref, the reftable format, a name git would not take) git
 * answers. A branch is taken to name a commit, as branches do.
 */
export async function readBranchHead(gitDir: string, branch: string, call: GitCall = {}): Promise<string | null> {
  const ref = `refs/heads/${branch}`;
  const askGit = () => readCommit(gitDir, ref, call);
  if (branchNameProblem(branch) || (await pathExists(path.join(gitDir, "reftable")))) return askGit();
  const loose = await readLooseRef(gitDir, ref);
  if (loose !== null) return OBJECT_ID.test(loose) ? loose : askGit();
  const packed = await readFile(path.join(gitDir, "packed-refs"), "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return null;
    throw error;
  });
  if (packed === null) {
    if (await pathExists(path.join(gitDir, "HEAD"))) return null;
    throw new WorkspaceError("git_failed", `Could not read ${ref}: ${gitDir} is not a git repository.`);
  }
  for (const line of packed.split("\n")) {
    const space = line.indexOf(" ");
    if (space > 0 && line.slice(space + 1) === ref) return OBJECT_ID.test(line.slice(0, space)) ? line.slice(0, space) : askGit();
  }
  return null;
}
