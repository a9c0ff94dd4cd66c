import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { resolveLimits } from "./limits.ts";
import { findProcesses } from "./process-scan.ts";
import { sandboxNetwork } from "./egress/sandbox-network.ts";
import { sandboxEnv } from "./sandbox-env.ts";
import { type StopSignal, signalGroup, signalProcess } from "./signals.ts";
import { asProcessEnv, type SandboxMembers, spawnSupervised } from "./supervise.ts";
import type { Sandbox } from "./types.ts";
import { logger } from "../logger.ts";

/** Marks every process of a run, so those that leave the process group (setsid, daemons) are found. */
const RUN_MARKER_VARIABLE = "ORCH_SANDBOX_ID";
const STRAGGLER_SWEEPS = 100;
const STRAGGLER_SWEEP_PAUSE_MS = 10;

/**
 * No isolation: the agent sees the host's files and network as the server's user does. It gets the
 * same environment allowlist, the same limits, and is killed as a process group plus every process
 * still carrying its run marker. `network`, `hiddenPaths` and `readOnlyPaths` cannot be enforced: any
 * policy but `off` gets the host's network with the server's proxy and CA variables, as `full` does.
 */
export const processGroupSandbox: Sandbox = {
  kind: "none",
  spawnSandboxed(options) {
    const runId = randomUUID();
    return spawnSupervised({
      argv: options.argv,
      cwd: options.workdir,
      env: { ...sandboxEnv({ ...(options.network.policy === "off" ? {} : sandboxNetwork({ policy: "full" }).env), ...options.env }, options.home), [RUN_MARKER_VARIABLE]: runId },
      stdin: options.stdin ?? null,
      extraPipes: 0,
      limits: resolveLimits(options),
      onOutput: options.onOutput,
      members: (child) => processGroupMembers(child.pid, `${RUN_MARKER_VARIABLE}=${runId}`),
    });
  },
};

// Outside the run's process group, so the run's own signals never reach it. setpriv arms a parent-death
// signal: when the server dies (even by SIGKILL) the guard wakes and kills the run's process group.
const GUARD_SCRIPT = 'trap \'kill -9 -"$1" 2>/dev/null; kill "$nap" 2>/dev/null; exit 0\' TERM; while :; do sleep 3600 & nap=$!; wait "$nap"; done';

/**
 * bubblewrap dies with its parent and takes its PID namespace along; a plain process group has no such
 * tie, so a guard process stands in for it. Null where setpriv (util-linux) is missing.
 */
function startDeathGuard(leaderPid: number): { release(): void } | null {
  const guard = spawn("setpriv", ["--pdeathsig", "TERM", "--", "/bin/sh", "-c", GUARD_SCRIPT, "run-guard", String(leaderPid)], {
    detached: true,
    stdio: "ignore",
    env: asProcessEnv({ PATH: "/usr/bin:/bin" }),
  });
  guard.on("error", () => logger.error("sandbox: setpriv is missing, so runs without bubblewrap may outlive a crashed server"));
  guard.unref();
  const guardPid = guard.pid;
  return guardPid === undefined ? null : { release: () => signalGroup(guardPid, "SIGKILL") };
}

function processGroupMembers(leaderPid: number, markerEntry: string): SandboxMembers {
  const guard = startDeathGuard(leaderPid);
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
        if (left.length === 0) break;
        for (const pid of left) signalProcess(pid, "SIGKILL");
        await delay(STRAGGLER_SWEEP_PAUSE_MS);
      }
      guard?.release();
    },
  };
}
