import type { NetworkAccess } from "./egress/sandbox-network.ts";

export type SandboxKind = "bwrap" | "none";

export type OutputStream = "stdout" | "stderr";

export interface OutputChunk {
  stream: OutputStream;
  data: Buffer;
}

export type EndReason = "exited" | "timed_out" | "cancelled";

export interface SandboxResult {
  /** Exit code of the sandbox's main process (bwrap reports 128 + n for an agent killed by signal n). */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  reason: EndReason;
  truncated: boolean;
  /** Bytes the process wrote to stdout and stderr together, including those dropped past the cap. */
  outputBytes: number;
  /** CPU time of all the run's processes, where the host accounts for it; null elsewhere. */
  cpuSeconds: number | null;
}

export interface SandboxSpawnOptions {
  /** Program and arguments, never a shell string: a script runs as ["bash", "-c", script]. */
  argv: string[];
  /** The run's clone, the only writable host directory besides `home`. */
  workdir: string;
  /** Private HOME created for the run. */
  home: string;
  /** Variables an admin assigned to the repository's agents, added to the allowlist. */
  env: Record<string, string>;
  network: NetworkAccess;
  /** Host directories or files made invisible inside the sandbox (e.g. DATA_DIR); /root and the server's home always are. */
  hiddenPaths?: string[];
  /** Host paths shown read-only again inside hidden ones (e.g. the mirror a clone borrows objects from). */
  readOnlyPaths?: string[];
  stdin?: string | null;
  timeoutMs: number;
  graceMs?: number;
  outputCapBytes?: number;
  /** Processes and threads the run may have at once, where a pids cgroup can be created. */
  maxProcesses?: number;
  /**
   * Receives the output in arrival order, as it is read (past the cap: the marker line, then nothing).
   * Called synchronously from the pipes' reads: an agent writing at full speed pays for every hop here.
   * If it throws, the run is stopped and `done` rejects with that error.
   */
  onOutput(chunk: OutputChunk): void;
}

export interface SandboxedProcess {
  pid: number;
  /** The enforced process limit, or null when no pids cgroup could be created on this host. */
  processLimit: number | null;
  /** SIGTERM to every process of the run, SIGKILL after the grace; the result's reason is "cancelled". */
  cancel(): void;
  /** Settles once no process of the run is left and all its output has gone to `onOutput`. */
  done: Promise<SandboxResult>;
}

export interface Sandbox {
  kind: SandboxKind;
  /** Throws when nothing can be started (missing workdir); a missing agent program is a failed exit. */
  spawnSandboxed(options: SandboxSpawnOptions): SandboxedProcess;
}
