import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { prisma } from "../db/client.ts";
import { isUniqueViolation } from "../db/errors.ts";
import { AppError } from "../errors.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { RunTrigger } from "../generated/prisma/enums.ts";
import { ensureQueue, getBoss, runQueueName, transactionDb } from "../queue/boss.ts";
import { isTaskOpen } from "../tasks/task-open.ts";
import { taskPrompt } from "../tasks/task-prompt.ts";
import { assertNoActiveRun } from "../runs/assert-no-active-run.ts";
import { assertWithinBudget } from "../runs/budget.ts";
import { publish } from "../events/bus.ts";
import { getSettings } from "../settings/settings.ts";
import { markTaskRunning } from "./task-state.ts";

const QUEUE_GRACE_SECONDS = 3600;

export interface QueueRunOptions {
  trigger: RunTrigger;
  /** Appended to the spec's prompt: review feedback or failing checks. */
  extraPrompt?: string;
  /** Who asked; null for the orchestrator itself (auto-fix). */
  createdById: string | null;
  /** The name of the API token they asked through. */
  viaToken?: string | null;
  /** An auto-fix run's head: at most one run per task and head. */
  fixesHeadSha?: string;
  /** Checked inside the transaction, after the task row is locked: returning false queues nothing. */
  precondition?: (tx: Prisma.TransactionClient) => Promise<boolean>;
}

/**
 * Queues a run of the task's agent: the run row and its queue job commit together; a worker picks it
 * up in the repository's FIFO order. Null when the precondition declined.
 */
export async function queueRun(taskId: string, options: QueueRunOptions) {
  const task = await prisma.task.findUnique({
    where: { id: taskId },
    include: { repository: { include: { checks: { orderBy: { position: "asc" } } } } },
  });
  if (!task) throw new AppError("not_found", "No such task.");
  if (!isTaskOpen(task.status)) {
    throw new AppError("conflict", `The task is ${task.status}: it takes no more runs.`);
  }
  const { userDailyBudgetUsd } = await getSettings();
  const prompt = taskPrompt(task, options.extraPrompt);
  const agentKind = (task.agent as { kind: string }).kind;
  const queue = runQueueName(task.repositoryId);
  const boss = await getBoss();
  await ensureQueue(queue);

  for (let attempt = 0; ; attempt++) {
    try {
      const run = await prisma.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT 1 FROM "Task" WHERE id = ${taskId} FOR UPDATE`;
        if (options.precondition && !(await options.precondition(tx))) return null;
        await assertNoActiveRun(tx, taskId);
        await assertWithinBudget(tx, task, { userId: options.createdById, dailyBudgetUsd: userDailyBudgetUsd });
        const last = await tx.run.findFirst({ where: { taskId }, orderBy: { number: "desc" }, select: { number: true } });
        const created = await tx.run.create({
          data: {
            taskId,
            number: (last?.number ?? 0) + 1,
            trigger: options.trigger,
            prompt,
            agentKind,
            createdById: options.createdById,
            viaToken: options.viaToken ?? null,
            fixesHeadSha: options.fixesHeadSha ?? null,
          },
        });
        const jobId = await boss.send(
          queue,
          { runId: created.id },
          { db: transactionDb(tx), retryLimit: 0, expireInSeconds: task.timeoutSeconds + QUEUE_GRACE_SECONDS },
        );
        await markTaskRunning(tx, taskId);
        await recordAuditEvent(tx, {
          actorId: options.createdById,
          action: "run.queued",
          targetType: "run",
          targetId: created.id,
          data: { taskId, number: created.number, trigger: created.trigger },
        });
        return tx.run.update({ where: { id: created.id }, data: { jobId } });
      });
      if (run) publish("run.queued", {});
      return run;
    } catch (error) {
      if (isUniqueViolation(error) && attempt < 5 && !options.fixesHeadSha) continue; // another run of this task took the number
      throw error;
    }
  }
}
