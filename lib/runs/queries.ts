import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { AppError } from "../errors.ts";

export async function getRun(actor: Actor | null, runId: string) {
  requirePermission(actor, "task.view");
  const run = await prisma.run.findUnique({ where: { id: runId } });
  if (!run) throw new AppError("not_found", "No such run.");
  return run;
}

export async function listTaskRuns(actor: Actor | null, taskId: string) {
  requirePermission(actor, "task.view");
  if (!(await prisma.task.findUnique({ where: { id: taskId }, select: { id: true } }))) {
    throw new AppError("not_found", "No such task.");
  }
  return prisma.run.findMany({ where: { taskId }, orderBy: { number: "desc" } });
}

/** The task's latest run, or null before its first. */
export function latestTaskRun(taskId: string) {
  return prisma.run.findFirst({ where: { taskId }, orderBy: { number: "desc" } });
}

/** The last `count` lines of a run's log, in order. */
export async function runEventsTail(runId: string, count: number) {
  const lines = await prisma.runEvent.findMany({
    where: { runId },
    orderBy: { seq: "desc" },
    take: count,
    select: { seq: true, stream: true, text: true, data: true, createdAt: true },
  });
  return lines.reverse();
}

/** A page of a run's log after `afterSeq`, in order. */
export function runEventsAfter(runId: string, afterSeq: number, limit: number) {
  return prisma.runEvent.findMany({
    where: { runId, seq: { gt: afterSeq } },
    orderBy: { seq: "asc" },
    take: limit,
    select: { seq: true, stream: true, text: true, data: true, createdAt: true },
  });
}
