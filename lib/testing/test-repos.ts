// Helpers for this folder's tests: real git repositories in temp dirs, built with argument arrays.
import { spawnSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { runGit, type GitResult } from "../git/run-git.ts";

const SOMEONE_ELSE = {
  GIT_AUTHOR_NAME: "Someone Else",
  GIT_AUTHOR_EMAIL: "someone@example.test",
  GIT_COMMITTER_NAME: "Someone Else",
  GIT_COMMITTER_EMAIL: "someone@example.test",
};

export async function gitOk(cwd: string, args: string[]): Promise<string> {
  const result = await runGit(args, { cwd, env: SOMEONE_ELSE });
  if (result.code !== 0) throw new Error(`git ${args.join(" ")} failed in ${cwd}: ${result.stderr}`);
  return result.stdout.trim();
}

export interface TestUpstream {
  path: string;
  mainSha: string;
}

/**
 * A bare upstream with main (README.md, a .gitignore for *.log), a release branch one commit ahead,
 * an annotated tag v1 on main and HEAD on main.
 */
export async function createUpstream(root: string): Promise<TestUpstream> {
  const upstreamPath = path.join(root, "upstream.git");
  const seed = path.join(root, "seed");
  await gitOk(root, ["init", "--quiet", "--bare", "--initial-branch", "main", upstreamPath]);
  await gitOk(root, ["init", "--quiet", "--initial-branch", "main", seed]);
  await writeFile(path.join(seed, "README.md"), "# Project\n");
  await writeFile(path.join(seed, ".gitignore"), "*.log\n");
  await gitOk(seed, ["add", "--all"]);
  await gitOk(seed, ["commit", "--quiet", "-m", "Initial commit"]);
  await gitOk(seed, ["tag", "-a", "-m", "First release", "v1"]);
  await gitOk(seed, ["checkout", "--quiet", "-b", "release"]);
  await writeFile(path.join(seed, "CHANGELOG.md"), "v1\n");
  await gitOk(seed, ["add", "--all"]);
  await gitOk(seed, ["commit", "--quiet", "-m", "Changelog"]);
  await gitOk(seed, ["push", "--quiet", upstreamPath, "main", "release", "v1"]);
  return { path: upstreamPath, mainSha: await gitOk(upstreamPath, ["rev-parse", "refs/heads/main"]) };
}

/** Someone else moves `branch` in the upstream: a commit on top of `parentSha` (same files). */
export async function commitUpstream(upstreamPath: string, branch: string, parentSha: string): Promise<string> {
  const commitArgs = ["commit-tree", `${parentSha}^{tree}`, "-p", parentSha, "-m", "Someone else's change"];
  const commit = await gitOk(upstreamPath, commitArgs);
  await gitOk(upstreamPath, ["update-ref", `refs/heads/${branch}`, commit]);
  return commit;
}

/** Every ref and the object it names, to compare a repository before and after. */
export async function refsOf(gitDir: string): Promise<Map<string, string>> {
  const listing = await gitOk(gitDir, ["for-each-ref", "--format=%(refname) %(objectname)"]);
  return new Map(listing.split("\n").filter(Boolean).map((line) => line.split(" ") as [string, string]));
}

/** git as the agent would run it inside its clone: plain git, the clone's own config. */
export function agentGit(clonePath: string, args: string[]): Promise<GitResult> {
  return runGit(args, { cwd: clonePath });
}

export async function agentWrites(clonePath: string, file: string, content: string): Promise<void> {
  await mkdir(path.dirname(path.join(clonePath, file)), { recursive: true });
  await writeFile(path.join(clonePath, file), content);
}

export const bwrapWorks = spawnSync("bwrap", ["--ro-bind", "/", "/", "true"]).status === 0;

/** git in the clone inside a sandbox like the runner's: the host read-only, only the clone writable. */
export function sandboxedAgentGit(clonePath: string, args: string[]) {
  const filesystem = ["--ro-bind", "/", "/", "--bind", clonePath, clonePath, "--dev", "/dev", "--proc", "/proc"];
  const sandbox = [...filesystem, "--unshare-pid", "--die-with-parent"];
  const result = spawnSync("bwrap", [...sandbox, "--chdir", clonePath, "git", ...args], { encoding: "utf8" });
  return { code: result.status, stderr: result.stderr };
}
