import { lstat, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { GitResult } from "./run-git.ts";
import { WorkspaceError } from "./workspace-error.ts";
import { git, runGitWithin, type GitCall } from "./git.ts";

export const AGENT_NAME = "Code Orchestrator Agent";
export const AGENT_EMAIL = "agent@code-orchestrator.local";

export const AGENT_IDENTITY_ENV: Record<string, string> = {
  GIT_AUTHOR_NAME: AGENT_NAME,
  GIT_AUTHOR_EMAIL: AGENT_EMAIL,
  GIT_COMMITTER_NAME: AGENT_NAME,
  GIT_COMMITTER_EMAIL: AGENT_EMAIL,
};

// The orchestrator's git in a clone reads none of the server's own git config, and sees history as
// stored, without replace refs or grafts an agent may have added.
export const CLONE_ENV: Record<string, string> = {
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_NO_REPLACE_OBJECTS: "1",
  GIT_GRAFT_FILE: "/dev/null",
};

// The clone's whole config: no remote, nothing that runs a program, and an identity for the agent's
// own commits (its sandbox HOME has no git config).
export const TRUSTED_CONFIG = [
  "[core]",
  "\trepositoryformatversion = 0",
  "\tfilemode = true",
  "\tbare = false",
  "\tlogallrefupdates = true",
  "[user]",
  `\tname = ${AGENT_NAME}`,
  `\temail = ${AGENT_EMAIL}`,
  "",
].join("\n");

export function cloneGitDir(clonePath: string): string {
  return path.join(clonePath, ".git");
}

/** git run by the orchestrator in a clone: explicit git dir and work tree, and the clone's hooks never run. */
export function cloneGit(clonePath: string, args: string[], purpose: string, call: GitCall = {}): Promise<string> {
  return git(cloneGitArgs(clonePath, args), purpose, { ...call, env: { ...CLONE_ENV, ...call.env } });
}

/** Like cloneGit, for commands whose non-zero exit is an answer. */
export function tryCloneGit(clonePath: string, args: string[], purpose: string): Promise<GitResult> {
  return runGitWithin(cloneGitArgs(clonePath, args), purpose, { env: CLONE_ENV });
}

function cloneGitArgs(clonePath: string, args: string[]): string[] {
  return ["--git-dir", cloneGitDir(clonePath), "--work-tree", clonePath, "-c", "core.hooksPath=/dev/null", ...args];
}

export async function writeTrustedConfig(clonePath: string): Promise<void> {
  const configPath = path.join(cloneGitDir(clonePath), "config");
  await rm(configPath, { force: true });
  // "wx" creates a new file and never writes through a link.
  await writeFile(configPath, TRUSTED_CONFIG, { flag: "wx" });
}

/**
 * Makes a clone the agent could write safe for git run by the orchestrator outside the sandbox. Its
 * `.git` must be a directory of plain files: a symlink or hard link could redirect git's writes out
 * of the clone, a FIFO could hang it, a `commondir` would make it another repository. Hooks may be
 * anything (projects often symlink them): they never run here. The config is reset, so nothing the
 * agent configured (fsmonitor, filters, hooks path, …) runs.
 */
export async function reclaimClone(clonePath: string): Promise<void> {
  const gitDir = cloneGitDir(clonePath);
  const info = await lstat(gitDir).catch(() => null);
  if (!info?.isDirectory()) throw tampered(`${gitDir} is no longer a directory`);
  const unusual = await findUnusualEntry(gitDir, path.join(gitDir, "hooks"));
  if (unusual) throw tampered(`${unusual} is a link or a special file`);
  if (await lstat(path.join(gitDir, "commondir")).then(() => true, () => false)) {
    throw tampered(`${gitDir}/commondir points git at another repository`);
  }
  await writeTrustedConfig(clonePath);
}

async function findUnusualEntry(dir: string, skipped: string): Promise<string | null> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const entryPath = path.join(dir, entry.name);
    if (entryPath === skipped) continue;
    if (entry.isDirectory()) {
      const found = await findUnusualEntry(entryPath, skipped);
      if (found) return found;
    } else if (!entry.isFile() || (await lstat(entryPath)).nlink > 1) {
      return entryPath;
    }
  }
  return null;
}

function tampered(detail: string): WorkspaceError {
  const message = `The agent tampered with the clone's git directory (${detail}); its work is not collected.`;
  return new WorkspaceError("unsafe_clone", message);
}
