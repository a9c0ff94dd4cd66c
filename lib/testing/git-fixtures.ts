import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const IDENTITY = { GIT_AUTHOR_NAME: "Test", GIT_AUTHOR_EMAIL: "test@example.test", GIT_COMMITTER_NAME: "Test", GIT_COMMITTER_EMAIL: "test@example.test" };

export type Files = Record<string, string>;

/**
 * A bare upstream with `main` holding `base` files and, when given, a feature branch adding `branch`
 * files on top; commitTo() adds commits later (to move the base, or the branch).
 */
export async function createUpstreamWithBranch(options: { base: Files; branch?: { name: string; files: Files; message?: string } }) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "orch-merge-upstream-"));
  const upstream = path.join(dir, "upstream.git");
  const work = path.join(dir, "work");
  const git = async (args: string[], cwd = work) =>
    (await run("git", ["-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", ...args], { cwd, env: { ...process.env, ...IDENTITY } })).stdout.trim();
  await git(["init", "--bare", "--quiet", upstream], dir);
  await git(["init", "--quiet", work], dir);
  const commit = async (files: Files, message: string) => {
    for (const [file, content] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(work, file)), { recursive: true });
      await writeFile(path.join(work, file), content);
    }
    await git(["add", "--all"]);
    await git(["commit", "--quiet", "--allow-empty", "-m", message]);
    return git(["rev-parse", "HEAD"]);
  };
  const baseSha = await commit(options.base, "Base");
  await git(["push", "--quiet", upstream, "HEAD:refs/heads/main"]);
  let headSha: string | null = null;
  if (options.branch) {
    await git(["checkout", "--quiet", "-b", options.branch.name]);
    headSha = await commit(options.branch.files, options.branch.message ?? "Branch change");
    await git(["push", "--quiet", upstream, `HEAD:refs/heads/${options.branch.name}`]);
  }
  return {
    path: upstream,
    baseSha,
    headSha,
    /** Commits files on top of `branch` (main or the feature branch) upstream; returns the new head. */
    async commitTo(branch: string, files: Files, message = "Another change") {
      await git(["fetch", "--quiet", upstream, `refs/heads/${branch}`]);
      await git(["checkout", "--quiet", "-B", branch, "FETCH_HEAD"]);
      const sha = await commit(files, message);
      await git(["push", "--quiet", upstream, `HEAD:refs/heads/${branch}`]);
      return sha;
    },
    git: (args: string[]) => git(["--git-dir", upstream, ...args], dir),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
