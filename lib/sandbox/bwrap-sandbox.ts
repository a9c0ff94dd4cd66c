import type { Readable } from "node:stream";
import { buildBwrapArgs } from "./bwrap-args.ts";
import { sandboxNetwork } from "./egress/sandbox-network.ts";
import { resolveLimits } from "./limits.ts";
import { sandboxEnv } from "./sandbox-env.ts";
import { signalGroup } from "./signals.ts";
import { type SandboxMembers, spawnSupervised, type StartedChild } from "./supervise.ts";
import type { Sandbox } from "./types.ts";

const INFO_FD = 3;

/** Runs each agent inside bubblewrap; see buildBwrapArgs for what it can see and do. */
export const bwrapSandbox: Sandbox = {
  kind: "bwrap",
  spawnSandboxed(options) {
    const network = sandboxNetwork(options.network);
    const env = sandboxEnv({ ...network.env, ...options.env }, options.home);
    const args = buildBwrapArgs({
      argv: [...network.argvPrefix, ...options.argv],
      workdir: options.workdir,
      home: options.home,
      env,
      shareHostNetwork: network.shareHostNetwork,
      hiddenPaths: options.hiddenPaths ?? [],
      readOnlyPaths: [...(options.readOnlyPaths ?? []), ...network.readOnlyPaths],
      infoFd: INFO_FD,
    });
    return spawnSupervised({
      argv: ["bwrap", ...args],
      cwd: options.workdir,
      env: { PATH: env.PATH },
      stdin: options.stdin ?? null,
      extraPipes: 1,
      limits: resolveLimits(options),
      onOutput: options.onOutput,
      members: (child) => bwrapMembers(child, readSandboxInitPid(child)),
    });
  },
};

/*
 * Processes: bwrap (our child, its own group) → the sandbox's init, a second bwrap (pid 1 inside,
 * leader of a new session and group) → the agent and its descendants, in init's group unless they
 * leave it. SIGTERM goes to init's group: init ignores it (a namespace's init only receives signals
 * it handles), the agent gets its grace. SIGKILL to that group kills init, and the kernel then kills
 * every process of the PID namespace, including any that left the group; bwrap exits after that.
 */
function bwrapMembers(child: StartedChild, initPid: Promise<number | null>): SandboxMembers {
  return {
    async signal(signal) {
      signalGroup((await initPid) ?? child.pid, signal);
    },
    async killStragglers() {
      // Nothing to do: bwrap exits only after its init, whose death ends the whole namespace.
    },
  };
}

function readSandboxInitPid(child: StartedChild): Promise<number | null> {
  const info = child.stdio[INFO_FD] as Readable;
  let text = "";
  info.setEncoding("utf8");
  info.on("data", (part: string) => (text += part));
  // bwrap closes the fd right after writing; without it (bwrap failed early) signal bwrap's own group.
  return new Promise((resolve) => {
    info.once("close", () => resolve(parseChildPid(text)));
  });
}

function parseChildPid(info: string): number | null {
  try {
    const pid = (JSON.parse(info) as { "child-pid"?: unknown })["child-pid"];
    return typeof pid === "number" ? pid : null;
  } catch {
    return null;
  }
}
