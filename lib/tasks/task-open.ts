import type { TaskStatus } from "../generated/prisma/enums.ts";

/** The statuses a task does not leave by itself: it was merged, or someone closed it. */
export const ENDED_TASK_STATUSES = ["merged", "closed"] as const satisfies readonly TaskStatus[];

export function isTaskOpen(status: TaskStatus): boolean {
  return !(ENDED_TASK_STATUSES as readonly TaskStatus[]).includes(status);
}
