import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { cloneGit, cloneGitDir, TRUSTED_CONFIG } from "./clone-git-dir.ts";
import { WorkspaceError } from "./workspace-error.ts";
import { git } from "./git.ts";
import { readRefFiles } from "./read-ref-files.ts";
import { removeClone } from "./remove-clone.ts";

export interface MirrorRefs {
  /** Full ref name → commit, for the refs asked for that exist. */
  commits: Map<string, string>;
  /** Every tag of the mirror, full ref name → the object it names. */
  tags: Map<string, string>;
}

/**
 * The asked-for refs and all tags of the mirror: from its ref files, else by one git process. Branches
 * are taken to name commits, as they do.
 */
export async function readMirrorRefs(mirrorPath: string, refNames: string[]): Promise<MirrorRefs> {
  const files = await readRefFiles(mirrorPath, refNames, "refs/tags/");
  if (files) {
    const commits = new Map([...files].filter(([name]) => refNames.includes(name)));
    return { commits, tags: new Map([...files].filter(([name]) => name.startsWith("refs/tags/"))) };
  }
  const format = "%(objectname) %(objecttype) %(refname)";
  // for-each-ref patterns match whole leading path components: refs/heads/a also lists refs/heads/a/b.
  const listed = await git(["--git-dir", mirrorPath, "for-each-ref", `--format=${format}`, "--", ...refNames, "refs/tags/"], "read the mirror's refs");
  const commits = new Map<string, string>();
  const tags = new Map<string, string>();
  for (const line of listed.split("\n").filter(Boolean)) {
    const [sha, type, name] = line.split(" ") as [string, string, string];
    if (name.startsWith("refs/tags/")) tags.set(name, sha);
    if (refNames.includes(name) && type === "commit") commits.set(name, sha);
  }
  return { commits, tags };
}

export interface BorrowingCloneSpec {
  mirrorPath: string;
  clonePath: string;
  /** Full ref name → object, written as the clone's refs. */
  refs: Map<string, string>;
  /** What is checked out: a branch of `refs` (by short name), or a detached commit. */
  head: { branch: string } | { detached: string };
}

/**
 * What `git clone --shared` of the mirror, a checkout and `git remote remove` make, written directly:
 * a git dir whose objects/info/alternates borrows the mirror's objects (git only ever reads those),
 * the given refs in packed-refs, the trusted config and no remote; then one git process checks out
 * the work tree. This is on the way from "spawn" to the agent running: two rev-parse, clone (which
 * also copies git's templates), checkout and remote remove took 80–100 ms of it; for-each-ref and
 * this take about 15 ms.
 */
export async function createBorrowingClone(spec: BorrowingCloneSpec): Promise<void> {
  const { clonePath } = spec;
  await mkdir(path.dirname(clonePath), { recursive: true });
  try {
    await mkdir(clonePath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") throw new WorkspaceError("invalid_argument", `${clonePath} already exists.`);
    throw error;
  }
  try {
    const gitDir = cloneGitDir(clonePath);
    // hooks/ and info/ as `git init` makes them: tools an agent runs expect to find them.
    for (const directory of [["objects", "info"], ["refs", "heads"], ["refs", "tags"], ["hooks"], ["info"]]) {
      await mkdir(path.join(gitDir, ...directory), { recursive: true });
    }
    const head = "branch" in spec.head ? `ref: refs/heads/${spec.head.branch}` : spec.head.detached;
    const packedRefs = [...spec.refs].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, sha]) => `${sha} ${name}`);
    await Promise.all([
      writeFile(path.join(gitDir, "HEAD"), `${head}\n`),
      writeFile(path.join(gitDir, "config"), TRUSTED_CONFIG),
      writeFile(path.join(gitDir, "objects", "info", "alternates"), `${path.resolve(spec.mirrorPath, "objects")}\n`),
      writeFile(path.join(gitDir, "packed-refs"), packedRefs.map((line) => `${line}\n`).join("")),
    ]);
    await cloneGit(clonePath, ["checkout", "--force", "--quiet"], "check out the work tree");
  } catch (error) {
    await removeClone(clonePath);
    throw error;
  }
}
