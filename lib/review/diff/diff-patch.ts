import { spawn } from "node:child_process";
import { safeGitArgs, safeGitEnv } from "../../git/run-git.ts";
import { LOCAL_TIMEOUT_MS } from "../../git/git.ts";
import type { DiffRange } from "./diff-range.ts";

export interface PatchOptions {
  /** Only these files (give a rename's old path too, or it shows as an added file). */
  paths?: string[];
  /** Binary files' contents (a patch `git apply` can take) instead of "Binary files differ". */
  binary?: boolean;
}

/**
 * The unified patch of the range, streamed from git as it is produced (so not through the git
 * launcher, which returns whole outputs), with the same safety settings and time limit as every git.
 */
export function diffPatchStream(range: DiffRange, options: PatchOptions = {}, timeoutMs = LOCAL_TIMEOUT_MS): ReadableStream<Uint8Array> {
  const pathspecs = options.paths ? ["--", ...options.paths.map((path) => `:(literal)${path}`)] : [];
  const binary = options.binary ? ["--full-index", "--binary"] : [];
  const args = ["--git-dir", range.mirrorPath, "diff", "-M", "--no-ext-diff", "--no-textconv", "--no-color", ...binary, range.base, range.head, ...pathspecs];
  const child = spawn("git", safeGitArgs(["-c", "core.quotePath=false", ...args]), { stdio: ["ignore", "pipe", "pipe"], env: safeGitEnv() });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, timeoutMs);
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  // Once the reader has cancelled, git's remaining output and its exit have nowhere to go: the stream
  // is closed, and touching its controller would throw from the child's event handlers.
  let cancelled = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      child.stdout.on("data", (chunk: Buffer) => {
        if (cancelled) return;
        controller.enqueue(new Uint8Array(chunk));
        if ((controller.desiredSize ?? 1) <= 0) child.stdout.pause();
      });
      child.on("close", (code) => {
        clearTimeout(timer);
        if (cancelled) return;
        if (code === 0) controller.close();
        else if (timedOut) controller.error(new Error(`git diff did not finish within ${timeoutMs / 1000} s`));
        else controller.error(new Error(`git diff failed: ${stderr.trim() || `exit ${code}`}`));
      });
      child.on("error", (error) => {
        if (!cancelled) controller.error(error);
      });
    },
    pull() {
      child.stdout.resume();
    },
    cancel() {
      cancelled = true;
      clearTimeout(timer);
      child.kill("SIGTERM");
    },
  });
}
