import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { isUniqueViolation } from "../db/errors.ts";
import { AppError } from "../errors.ts";
import type { RunTrigger } from "../generated/prisma/enums.ts";
import { ensureQueue, getBoss, runQueueName, transactionDb } from "../queue/boss.ts";
import { taskPrompt } from "../tasks/task-prompt.ts";
import { runBus } from "./logs/run-bus.ts";

const QUEUE_GRACE_SECONDS = 3600;

export interface SpawnOptions {
  trigger?: RunTrigger;
  /** Appended to the spec's prompt: review feedback or failing checks. */
  extraPrompt?: string;
}

/**
 * Queues a run of the task's agent and answers at once: the run row and its queue job commit together;
 * a worker picks it up in the repository's FIFO order.
 */
export async function spawnRun(actor: Actor | null, taskId: string, options: SpawnOptions = {}) {
  requirePermission(actor, "run.spawn");
  const task = await prisma.task.findUnique({
    where: { id: taskId },
    include: { repository: { include: { checks: { orderBy: { position: "asc" } } } } },
  });
  if (!task) throw new AppError("not_found", "No such task.");
  if (task.status === "merged" || task.status === "closed") {
    throw new AppError("conflict", `The task is ${task.status}: it takes no more runs.`);
  }
  const prompt = taskPrompt(task, options.extraPrompt);
  const agentKind = (task.agent as { kind: string }).kind;
  const queue = runQueueName(task.repositoryId);
  const boss = await getBoss();
  await ensureQueue(boss, queue);

  for (let attempt = 0; ; attempt++) {
    try {
      const run = await prisma.$transaction(async (tx) => {
        const last = await tx.run.findFirst({ where: { taskId }, orderBy: { number: "desc" }, select: { number: true } });
        const created = await tx.run.create({
          data: {
            taskId,
            number: (last?.number ?? 0) + 1,
            trigger: options.trigger ?? "manual",
            prompt,
            agentKind,
            createdById: actor.id,
          },
        });
        const jobId = await boss.send(
          queue,
          { runId: created.id },
          { db: transactionDb(tx), retryLimit: 0, expireInSeconds: task.timeoutSeconds + QUEUE_GRACE_SECONDS },
        );
        await tx.task.update({ where: { id: taskId }, data: { status: "running" } });
        await recordAuditEvent(tx, {
          actorId: actor.id,
          action: "run.queued",
          targetType: "run",
          targetId: created.id,
          data: { taskId, number: created.number, trigger: created.trigger },
        });
        return tx.run.update({ where: { id: created.id }, data: { jobId } });
      });
      runBus.emitQueued();
      return run;
    } catch (error) {
      if (isUniqueViolation(error) && attempt < 5) continue; // another run of this task took the number
      throw error;
    }
  }
}
