import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { resolveLimits } from "./limits.ts";
import { findProcesses } from "./process-scan.ts";
import { sandboxEnv } from "./sandbox-env.ts";
import { type StopSignal, signalGroup, signalProcess } from "./signals.ts";
import { type SandboxMembers, spawnSupervised } from "./supervise.ts";
import type { Sandbox } from "./types.ts";

/** Marks every process of a run, so those that leave the process group (setsid, daemons) are found. */
const RUN_MARKER_VARIABLE = "ORCH_SANDBOX_ID";
const STRAGGLER_SWEEPS = 100;
const STRAGGLER_SWEEP_PAUSE_MS = 10;

/**
 * No isolation: the agent sees the host's files and network as the server's user does. It gets the
 * same environment allowlist, the same limits, and is killed as a process group plus every process
 * still carrying its run marker. `network`, `hiddenPaths` and `readOnlyPaths` cannot be enforced.
 */
export const processGroupSandbox: Sandbox = {
  kind: "none",
  spawnSandboxed(options) {
    const runId = randomUUID();
    return spawnSupervised({
      argv: options.argv,
      cwd: options.workdir,
      env: { ...sandboxEnv(options.env, options.home), [RUN_MARKER_VARIABLE]: runId },
      stdin: options.stdin ?? null,
      extraPipes: 0,
      limits: resolveLimits(options),
      onOutput: options.onOutput,
      members: (child) => processGroupMembers(child.pid, `${RUN_MARKER_VARIABLE}=${runId}`),
    });
  },
};

function processGroupMembers(leaderPid: number, markerEntry: string): SandboxMembers {
  const markedProcesses = () => findProcesses((process) => process.environ.includes(markerEntry));
  const signalAll = async (signal: StopSignal) => {
    signalGroup(leaderPid, signal);
    for (const pid of await markedProcesses()) signalProcess(pid, signal);
  };
  return {
    signal: signalAll,
    // A process forked between a scan and its kills is found by the next scan.
    async killStragglers() {
      for (let sweep = 0; sweep < STRAGGLER_SWEEPS; sweep++) {
        signalGroup(leaderPid, "SIGKILL");
        const left = await markedProcesses();
        if (left.length === 0) return;
        for (const pid of left) signalProcess(pid, "SIGKILL");
        await delay(STRAGGLER_SWEEP_PAUSE_MS);
      }
    },
  };
}
