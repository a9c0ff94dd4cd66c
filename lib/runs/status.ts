import type { RunStatus } from "../generated/prisma/enums.ts";

export const FINAL_RUN_STATUSES = ["succeeded", "failed", "timed_out", "cancelled", "interrupted"] as const satisfies readonly RunStatus[];
export const ACTIVE_RUN_STATUSES = ["preparing", "running"] as const satisfies readonly RunStatus[];
/** Not over yet: waiting for a worker or being executed. A task has at most one such run. */
export const PENDING_RUN_STATUSES = ["queued", ...ACTIVE_RUN_STATUSES] as const satisfies readonly RunStatus[];

/** The run state machine: which status may follow which. */
export const RUN_TRANSITIONS: Record<RunStatus, readonly RunStatus[]> = {
  queued: ["preparing", "cancelled", "interrupted"],
  preparing: ["running", "failed", "cancelled", "interrupted", "succeeded"],
  running: ["succeeded", "failed", "timed_out", "cancelled", "interrupted"],
  succeeded: [],
  failed: [],
  timed_out: [],
  cancelled: [],
  interrupted: [],
};

export function isFinalRunStatus(status: RunStatus): boolean {
  return (FINAL_RUN_STATUSES as readonly RunStatus[]).includes(status);
}

export function predecessorsOf(status: RunStatus): RunStatus[] {
  return (Object.keys(RUN_TRANSITIONS) as RunStatus[]).filter((from) => RUN_TRANSITIONS[from].includes(status));
}
