import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { setTimeout as delay } from "node:timers/promises";
import type { RunLimits } from "./limits.ts";
import { createOutputCap } from "./output-cap.ts";
import { createPidsCgroup } from "./pids-cgroup.ts";
import type { StopSignal } from "./signals.ts";
import type { EndReason, OutputChunk, SandboxedProcess, SandboxResult } from "./types.ts";

// The main process's exit can be reported before its last output has been read.
const MIN_STDIO_CLOSE_WAIT_MS = 1000;

/** How one kind of sandbox reaches every process a run started. */
export interface SandboxMembers {
  signal(signal: StopSignal): Promise<void>;
  /** Called once the main process has exited: nothing the run started may outlive it. */
  killStragglers(): Promise<void>;
}

export interface SupervisedSpawn {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  stdin: string | null;
  /** Pipes opened after stdin, stdout and stderr, as child fds 3, 4… */
  extraPipes: number;
  limits: RunLimits;
  onOutput(chunk: OutputChunk): void;
  members(child: StartedChild): SandboxMembers;
}

export type StartedChild = ChildProcess & { pid: number };

/**
 * Starts argv as the leader of a new process group, inside a pids cgroup when the host allows one;
 * enforces the timeout, grace and output cap; resolves `done` only once no process of the run is
 * left and its output has been delivered.
 */
export function spawnSupervised(spec: SupervisedSpawn): SandboxedProcess {
  const cgroup = createPidsCgroup(spec.limits.maxProcesses);
  let child: StartedChild;
  try {
    // At nice 10, with everything it starts: when agents and their builds take every core, the server
    // (event loop, log ingest thread, embedded database) still gets the CPU and live logs stay live.
    child = spawnGroupLeader(["nice", "-n", "10", ...(cgroup ? cgroup.wrap(spec.argv) : throughShell(spec.argv))], spec);
  } catch (error) {
    void cgroup?.remove();
    throw error;
  }
  const members = spec.members(child);
  const { limits } = spec;

  const cap = createOutputCap(limits.outputCapBytes);
  const outputFailure: { failed: boolean; error?: unknown } = { failed: false };
  for (const stream of ["stdout", "stderr"] as const) {
    child[stream]?.on("data", (data: Buffer) => {
      if (outputFailure.failed) return;
      try {
        for (const chunk of cap.accept({ stream, data })) spec.onOutput(chunk);
      } catch (error) {
        Object.assign(outputFailure, { failed: true, error });
        stop("cancelled");
      }
    });
  }
  if (spec.stdin !== null && child.stdin) {
    // EPIPE when the agent exits without reading its stdin: not an error of the run.
    child.stdin.on("error", () => {});
    child.stdin.end(spec.stdin);
  }

  let stopReason: Exclude<EndReason, "exited"> | null = null;
  let mainExited = false;
  let graceTimer: NodeJS.Timeout | undefined;
  const stop = (reason: Exclude<EndReason, "exited">) => {
    if (stopReason !== null || mainExited) return;
    stopReason = reason;
    clearTimeout(timeoutTimer);
    void members.signal("SIGTERM");
    graceTimer = setTimeout(() => void members.signal("SIGKILL"), limits.graceMs);
  };
  const timeoutTimer = setTimeout(() => stop("timed_out"), limits.timeoutMs);
  const stdioClosed = new Promise<void>((resolve) => child.once("close", () => resolve()));

  const done = (async (): Promise<SandboxResult> => {
    try {
      const [exitCode, signal] = (await once(child, "exit")) as [number | null, NodeJS.Signals | null];
      mainExited = true;
      clearTimeout(timeoutTimer);
      clearTimeout(graceTimer);
      await members.killStragglers();
      await closeStdio(child, stdioClosed, Math.max(limits.graceMs, MIN_STDIO_CLOSE_WAIT_MS));
      if (outputFailure.failed) throw outputFailure.error;
      return {
        exitCode,
        signal,
        reason: stopReason ?? "exited",
        truncated: cap.truncated,
        outputBytes: cap.outputBytes,
        cpuSeconds: cgroup?.cpuSeconds() ?? null,
      };
    } finally {
      clearTimeout(timeoutTimer);
      clearTimeout(graceTimer);
      await cgroup?.remove();
    }
  })();

  return {
    pid: child.pid,
    processLimit: cgroup?.maxProcesses ?? null,
    cancel: () => stop("cancelled"),
    done,
  };
}

// Like the cgroup wrapper, so a missing program always ends as a failed run with the shell's message
// on stderr, rather than as an exception only when no cgroup could be created.
function throughShell(argv: string[]): string[] {
  return ["/bin/sh", "-c", 'exec "$@"', "sh", ...argv];
}

function spawnGroupLeader(argv: string[], spec: SupervisedSpawn): StartedChild {
  const [command, ...args] = argv;
  if (command === undefined) throw new Error("argv is empty");
  const child: ChildProcess = spawn(command, args, {
    cwd: spec.cwd,
    env: asProcessEnv(spec.env),
    detached: true,
    stdio: [spec.stdin === null ? "ignore" : "pipe", "pipe", "pipe", ...Array<"pipe">(spec.extraPipes).fill("pipe")],
  });
  if (child.pid === undefined) {
    // Node reports the cause asynchronously; the throw below is what the caller sees.
    child.once("error", () => {});
    throw new Error(`cannot start a process in ${spec.cwd}: missing directory?`);
  }
  return child as StartedChild;
}

// A process nobody could find (it left the group and scrubbed its environment) may still hold the
// pipes open: after a while, stop reading rather than wait for it forever.
async function closeStdio(child: ChildProcess, stdioClosed: Promise<void>, waitMs: number): Promise<void> {
  const abandon = new AbortController();
  const closedInTime = await Promise.race([
    stdioClosed.then(() => true),
    delay(waitMs, false, { signal: abandon.signal }).catch(() => false),
  ]);
  abandon.abort();
  if (closedInTime) return;
  for (const stream of child.stdio) stream?.destroy();
  await stdioClosed;
}

// Next's typings make NODE_ENV a required variable; a sandboxed process deliberately gets none.
export function asProcessEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return env as NodeJS.ProcessEnv;
}
