import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { criteriaStatus } from "./criteria-status.ts";
import { checkDto, type TaskChecksOverview } from "./dto.ts";
import { latestAttempts } from "./latest-attempts.ts";

const EARLIER_HEADS_SHOWN = 3;

/** The latest attempt of each check of the task's current head, and the acceptance criteria against them. */
export async function headChecks(actor: Actor | null, taskId: string) {
  requirePermission(actor, "task.view");
  const task = await prisma.task.findUnique({
    where: { id: taskId },
    select: { headSha: true, acceptanceCriteria: true, repository: { select: { checks: { select: { name: true, position: true } } } } },
  });
  if (!task) throw new AppError("not_found", "No such task.");
  const checks = task.headSha
    ? inDisplayOrder(latestAttempts(await prisma.checkRun.findMany({ where: { taskId, headSha: task.headSha } })), task.repository.checks).map(checkDto)
    : [];
  return { headSha: task.headSha, checks, criteria: criteriaStatus(task.acceptanceCriteria, checks) };
}

/** The latest attempt of each check of the task's current head. */
export async function currentChecks(actor: Actor | null, taskId: string) {
  return (await headChecks(actor, taskId)).checks;
}

/** Local checks in the repository's order, then GitHub's by name. */
function inDisplayOrder<T extends { source: string; name: string }>(checks: T[], configured: Array<{ name: string; position: number }>): T[] {
  const position = new Map(configured.map((check) => [check.name, check.position]));
  const rank = (check: T) => (check.source === "local" ? (position.get(check.name) ?? Number.MAX_SAFE_INTEGER) : Number.POSITIVE_INFINITY);
  return [...checks].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

/**
 * What the task page shows: the current head's checks, the acceptance criteria against them, and the
 * checks of a few earlier heads, which are stale and never count for the current head.
 */
export async function taskChecksOverview(actor: Actor | null, taskId: string): Promise<TaskChecksOverview> {
  const head = await headChecks(actor, taskId);
  const earlier = await prisma.checkRun.findMany({
    where: { taskId, ...(head.headSha ? { headSha: { not: head.headSha } } : {}) },
    orderBy: { createdAt: "desc" },
    take: 200,
  });
  const earlierHeads = [...new Set(earlier.map((check) => check.headSha))].slice(0, EARLIER_HEADS_SHOWN);
  return {
    ...head,
    stale: earlierHeads.map((headSha) => ({
      headSha,
      checks: latestAttempts(earlier.filter((check) => check.headSha === headSha).reverse()).map(checkDto),
    })),
  };
}


export async function getCheckRun(actor: Actor | null, checkRunId: string) {
  requirePermission(actor, "task.view");
  const check = await prisma.checkRun.findUnique({ where: { id: checkRunId } });
  if (!check) throw new AppError("not_found", "No such check run.");
  return check;
}

/** The last `count` lines of a check's log, in order. */
export async function checkEventsTail(checkRunId: string, count: number) {
  const lines = await prisma.checkRunEvent.findMany({
    where: { checkRunId },
    orderBy: { seq: "desc" },
    take: count,
    select: { seq: true, stream: true, text: true },
  });
  return lines.reverse();
}

/** A page of a check's log after `afterSeq`, in order. */
export function checkEventsAfter(checkRunId: string, afterSeq: number, limit: number) {
  return prisma.checkRunEvent.findMany({
    where: { checkRunId, seq: { gt: afterSeq } },
    orderBy: { seq: "asc" },
    take: limit,
    select: { seq: true, stream: true, text: true, createdAt: true },
  });
}
