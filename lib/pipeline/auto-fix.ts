import { prisma } from "../db/client.ts";
import { isUniqueViolation } from "../db/errors.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { queueRun } from "./queue-run.ts";
import { PENDING_RUN_STATUSES } from "../runs/status.ts";
import { BudgetExceeded } from "../runs/budget.ts";
import { fixPrompt } from "../checks/fix-prompt.ts";
import { latestAttempts } from "../checks/latest-attempts.ts";
import { isTaskOpen } from "../tasks/task-open.ts";

const FAILING = new Set(["failure", "timed_out", "error"]);

/**
 * Queues an auto-fix run for each open task (or just `taskId`) whose head, produced by a run, has a
 * failing required local check and no pending one, while the task's auto-fix attempts last. The
 * attempts are counted from the runs themselves and a head gets at most one fix run, so the cap
 * holds across restarts and racing workers. Returns the queued runs' ids.
 */
export async function spawnDueFixRuns(taskId?: string): Promise<string[]> {
  const tasks = await prisma.task.findMany({
    where: { ...(taskId ? { id: taskId } : {}), autoFixAttempts: { gt: 0 }, headSha: { not: null }, status: "checks_failed" },
    select: { id: true, headSha: true, autoFixAttempts: true },
  });
  const queued: string[] = [];
  for (const task of tasks) {
    const headSha = task.headSha!;
    const checks = latestAttempts(await prisma.checkRun.findMany({ where: { taskId: task.id, headSha, source: "local" } }));
    const required = checks.filter((check) => check.required);
    if (required.some((check) => check.status !== "completed")) continue;
    const failing = required.filter((check) => FAILING.has(check.conclusion ?? ""));
    if (failing.length === 0) continue;
    const precondition = (tx: Prisma.TransactionClient) => fixIsDue(tx, task.id, headSha, task.autoFixAttempts);
    try {
      const used = await prisma.run.count({ where: { taskId: task.id, trigger: "autofix" } });
      const run = await queueRun(task.id, {
        trigger: "autofix",
        createdById: null,
        fixesHeadSha: headSha,
        extraPrompt: await fixPrompt(failing, headSha, { attempt: used + 1, of: task.autoFixAttempts }),
        precondition,
      });
      if (run) queued.push(run.id);
    } catch (error) {
      if (error instanceof BudgetExceeded) continue; // the task's runs have spent what it may cost
      if (!isUniqueViolation(error)) throw error; // another worker queued this head's fix first
    }
  }
  return queued;
}

async function fixIsDue(tx: Prisma.TransactionClient, taskId: string, headSha: string, attempts: number): Promise<boolean> {
  const task = await tx.task.findUniqueOrThrow({ where: { id: taskId }, select: { headSha: true, status: true } });
  if (task.headSha !== headSha || !isTaskOpen(task.status)) return false;
  const [used, forHead, pending, producedByRun] = await Promise.all([
    tx.run.count({ where: { taskId, trigger: "autofix" } }),
    tx.run.count({ where: { taskId, fixesHeadSha: headSha } }),
    tx.run.count({ where: { taskId, status: { in: [...PENDING_RUN_STATUSES] } } }),
    tx.run.count({ where: { taskId, headSha, status: "succeeded" } }),
  ]);
  return used < attempts && forHead === 0 && pending === 0 && producedByRun > 0;
}
