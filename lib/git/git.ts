import { rememberCommitFact } from "./commit-facts.ts";
import { runGit, type GitResult } from "./run-git.ts";
import { WorkspaceError } from "./workspace-error.ts";

export const LOCAL_TIMEOUT_MS = 120_000;
export const REMOTE_TIMEOUT_MS = 600_000;

export interface GitCall {
  cwd?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** Runs git and returns its trimmed stdout; `purpose` completes "Could not …" in the error. */
export async function git(args: string[], purpose: string, call: GitCall = {}): Promise<string> {
  const result = await runGitWithin(args, purpose, call);
  if (result.code !== 0) throw new WorkspaceError("git_failed", `Could not ${purpose}: ${failureReason(result)}`);
  return result.stdout.trim();
}

/** Runs git where a non-zero exit is an answer, not a failure; only a timeout throws. */
export async function runGitWithin(args: string[], purpose: string, call: GitCall = {}): Promise<GitResult> {
  const timeoutMs = call.timeoutMs ?? LOCAL_TIMEOUT_MS;
  const result = await runGit(args, { cwd: call.cwd, env: call.env, timeoutMs });
  if (result.timedOut) {
    throw new WorkspaceError("git_failed", `Could not ${purpose}: git did not finish within ${timeoutMs / 1000} s.`);
  }
  return result;
}

/** The commit a ref names in `gitDir`, or null when the ref does not exist. */
export async function readCommit(gitDir: string, ref: string, call: GitCall = {}): Promise<string | null> {
  const args = ["--git-dir", gitDir, "rev-parse", "--verify", "--quiet", `${ref}^{commit}`];
  const result = await runGitWithin(args, `read ${ref}`, call);
  if (result.code === 0) return result.stdout.trim();
  if (result.code === 1) return null;
  throw new WorkspaceError("git_failed", `Could not read ${ref}: ${failureReason(result)}`);
}

export async function isAncestor(gitDir: string, ancestor: string, descendant: string, call: GitCall = {}) {
  const args = ["--git-dir", gitDir, "merge-base", "--is-ancestor", ancestor, descendant];
  const purpose = `check that ${ancestor} is an ancestor of ${descendant}`;
  const result = await rememberCommitFact(["is-ancestor", gitDir, ancestor, descendant], () => runGitWithin(args, purpose, call), answerAboutCommits(ancestor, descendant));
  if (result.code === 0) return true;
  if (result.code === 1) return false;
  throw new WorkspaceError("git_failed", `Could not ${purpose}: ${failureReason(result)}`);
}

const OBJECT_ID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/** A git answer about `commits` is remembered when they are object ids (a ref may move) and git answered yes or no (0 or 1). */
export function answerAboutCommits(...commits: string[]): (result: GitResult) => boolean {
  return (result) => (result.code === 0 || result.code === 1) && commits.every((commit) => OBJECT_ID.test(commit));
}

/** git's own words: its fatal/error lines (they name the problem), else its last line. */
export function failureReason(result: GitResult): string {
  const lines = result.stderr.split("\n").map((line) => line.trim()).filter(Boolean);
  const named = lines.filter((line) => /^(fatal|error):/.test(line)).map((line) => line.replace(/^\w+:\s*/, ""));
  return (named.length ? named.join(" ") : lines.at(-1)) ?? `git exited with ${result.code}`;
}
