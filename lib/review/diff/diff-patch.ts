import { spawn } from "node:child_process";
import type { DiffRange } from "./diff-range.ts";

export interface PatchOptions {
  /** Only these files (give a rename's old path too, or it shows as an added file). */
  paths?: string[];
  /** Binary files' contents (a patch `git apply` can take) instead of "Binary files differ". */
  binary?: boolean;
}

/** The unified patch of the range, streamed from git as it is produced. */
export function diffPatchStream(range: DiffRange, options: PatchOptions = {}): ReadableStream<Uint8Array> {
  const pathspecs = options.paths ? ["--", ...options.paths.map((path) => `:(literal)${path}`)] : [];
  const binary = options.binary ? ["--full-index", "--binary"] : [];
  const args = ["--git-dir", range.mirrorPath, "diff", "-M", "--no-ext-diff", "--no-textconv", "--no-color", ...binary, range.base, range.head, ...pathspecs];
  const child = spawn("git", ["-c", "core.quotePath=false", ...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LC_ALL: "C", GIT_TERMINAL_PROMPT: "0" } });
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
        if (cancelled) return;
        if (code === 0) controller.close();
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
      child.kill("SIGTERM");
    },
  });
}
