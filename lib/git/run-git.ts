import { type GitResult, launchGit } from "./git-launcher.ts";

export type { GitResult };

// Never prompt for credentials, never run transport helpers that execute commands.
const SAFE_CONFIG = ["-c", "protocol.ext.allow=never", "-c", "core.askPass=", "-c", "credential.helper="];

export interface RunGitOptions {
  cwd?: string;
  timeoutMs?: number;
  /** Extra environment (e.g. an author identity); it cannot override the safety settings below. */
  env?: Record<string, string>;
}

/** git's arguments with the safety settings first: every git this server starts gets them. */
export function safeGitArgs(args: string[]): string[] {
  return [...SAFE_CONFIG, ...args];
}

/** git's environment: the caller's extras cannot override the safety settings. */
export function safeGitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...extra, GIT_TERMINAL_PROMPT: "0", GIT_SSH_COMMAND: "ssh -o BatchMode=yes -o ConnectTimeout=10", LC_ALL: "C" };
}

/** Runs git with an argument array (never a shell), bounded in time. */
export function runGit(args: string[], options: RunGitOptions = {}): Promise<GitResult> {
  return launchGit({ args: safeGitArgs(args), cwd: options.cwd, env: safeGitEnv(options.env), timeoutMs: options.timeoutMs ?? 30_000 });
}
