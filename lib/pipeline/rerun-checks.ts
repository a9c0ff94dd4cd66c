import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { settleTaskStatus } from "./task-state.ts";
import { parseInput } from "../validation.ts";
import { queueCheckRuns } from "../checks/queue-check-runs.ts";
import { isTaskOpen } from "../tasks/task-open.ts";
import { publish } from "../events/bus.ts";

export const REPLACED = "Replaced by a re-run.";

export const rerunSchema = z.object({ name: z.string().trim().min(1, "Name the check").max(64).optional() }).strict();

/**
 * Queues a new attempt of one local check (or all of them) for the task's current head, with the
 * repository's current configuration; a run of it still going is stopped.
 */
export async function rerunChecks(actor: Actor | null, taskId: string, input: unknown) {
  requirePermission(actor, "check.rerun");
  const { name } = parseInput(rerunSchema, input ?? {});
  const task = await prisma.task.findUnique({
    where: { id: taskId },
    include: { repository: { include: { checks: { orderBy: { position: "asc" } } } } },
  });
  if (!task) throw new AppError("not_found", "No such task.");
  if (!isTaskOpen(task.status)) throw new AppError("conflict", `The task is ${task.status}: its checks are final.`);
  if (!task.headSha) throw new AppError("conflict", "The task's branch has no head yet: a run must push one first.");
  const commands = name ? task.repository.checks.filter((check) => check.name === name) : task.repository.checks;
  if (name && commands.length === 0) {
    throw new AppError("not_found", `The repository has no local check named "${name}" (GitHub checks are re-run on GitHub).`);
  }
  if (commands.length === 0) throw new AppError("conflict", "The repository has no local checks to run.");
  const headSha = task.headSha;

  const { created, stopped } = await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM "Task" WHERE id = ${taskId} FOR UPDATE`;
    const names = commands.map((check) => check.name);
    const running = await tx.checkRun.findMany({ where: { taskId, headSha, source: "local", name: { in: names }, status: "running" }, select: { id: true } });
    const stopped = running.map((check) => check.id);
    await tx.checkRun.updateMany({
      where: { taskId, headSha, source: "local", name: { in: names }, status: "queued" },
      data: { status: "completed", conclusion: "cancelled", error: REPLACED, finishedAt: new Date() },
    });
    const created = await queueCheckRuns(tx, task, headSha, commands);
    await settleTaskStatus(tx, taskId);
    await recordAuditEvent(tx, { actorId: actor.id, action: "check.rerun", targetType: "task", targetId: taskId, data: { headSha, names } });
    return { created, stopped };
  });
  for (const id of stopped) publish("check.stop", { checkRunId: id, reason: REPLACED });
  publish("checks.queued", {});
  publish("checks.changed", { taskId });
  return created;
}
