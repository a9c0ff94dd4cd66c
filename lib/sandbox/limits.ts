import type { SandboxSpawnOptions } from "./types.ts";

export const DEFAULT_GRACE_MS = 10_000;
export const DEFAULT_OUTPUT_CAP_BYTES = 50 * 1024 * 1024;
// Counts threads too (pids cgroup): a Node or JVM agent alone uses dozens.
export const DEFAULT_MAX_PROCESSES = 1024;

// setTimeout fires at once for delays above 2^31 - 1 ms.
const LONGEST_TIMER_MS = 2 ** 31 - 1;

export interface RunLimits {
  timeoutMs: number;
  graceMs: number;
  outputCapBytes: number;
  maxProcesses: number;
}

export function resolveLimits(options: SandboxSpawnOptions): RunLimits {
  const limits = {
    timeoutMs: options.timeoutMs,
    graceMs: options.graceMs ?? DEFAULT_GRACE_MS,
    outputCapBytes: options.outputCapBytes ?? DEFAULT_OUTPUT_CAP_BYTES,
    maxProcesses: options.maxProcesses ?? DEFAULT_MAX_PROCESSES,
  };
  requireInRange("timeoutMs", limits.timeoutMs, 1, LONGEST_TIMER_MS);
  requireInRange("graceMs", limits.graceMs, 0, LONGEST_TIMER_MS);
  requireInRange("outputCapBytes", limits.outputCapBytes, 0, Number.MAX_SAFE_INTEGER);
  requireInRange("maxProcesses", limits.maxProcesses, 1, Number.MAX_SAFE_INTEGER);
  return limits;
}

function requireInRange(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
}
