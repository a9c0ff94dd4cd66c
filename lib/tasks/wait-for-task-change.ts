import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { nextEvent } from "../events/bus.ts";

// Read this often: the change may come from another process, whose events reach no bus here.
const POLL_MS = 100;
export const MAX_WAIT_SECONDS = 60;

export interface TaskPosition {
  status: string;
  headSha: string | null;
}

/**
 * Waits until the task's status or head differs from `known` (by default: what they are now), for at
 * most `timeoutSeconds`. Resolves with whether it changed.
 */
export async function waitForTaskChange(
  actor: Actor | null,
  taskId: string,
  options: { timeoutSeconds: number; known?: Partial<TaskPosition>; signal?: AbortSignal },
): Promise<{ changed: boolean }> {
  requirePermission(actor, "task.view");
  const read = () => prisma.task.findUnique({ where: { id: taskId }, select: { status: true, headSha: true } });
  let current = await read();
  if (!current) throw new AppError("not_found", "No such task.");
  const known: TaskPosition = {
    status: options.known?.status ?? current.status,
    headSha: options.known?.headSha === undefined ? current.headSha : options.known.headSha,
  };
  const deadline = Date.now() + Math.min(options.timeoutSeconds, MAX_WAIT_SECONDS) * 1000;
  const moved = (position: TaskPosition) => position.status !== known.status || position.headSha !== known.headSha;
  while (!moved(current) && Date.now() < deadline && !options.signal?.aborted) {
    await nextEvent(["checks.changed"], taskId, Math.min(POLL_MS, deadline - Date.now()), options.signal);
    current = (await read()) ?? current;
  }
  return { changed: moved(current) };
}
