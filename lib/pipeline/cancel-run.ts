import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { getBoss, runQueueName } from "../queue/boss.ts";
import { isFinalRunStatus } from "../runs/status.ts";
import { transitionRun } from "./transition-run.ts";
import { publish } from "../events/bus.ts";

/**
 * Cancels a run: a queued one at once; an active one by asking its worker, which stops the agent's
 * whole process group (SIGTERM, then SIGKILL after the grace) and records `cancelled`.
 */
export async function cancelRun(actor: Actor | null, runId: string) {
  requirePermission(actor, "run.cancel");
  const run = await prisma.run.findUnique({ where: { id: runId }, include: { task: { select: { repositoryId: true } } } });
  if (!run) throw new AppError("not_found", "No such run.");
  if (isFinalRunStatus(run.status)) throw new AppError("conflict", `The run already ended: ${run.status}.`);

  if (run.status === "queued") {
    const moved = await transitionRun(runId, "cancelled", { error: "Cancelled before it started." }, { actorId: actor.id });
    if (moved) {
      if (run.jobId) await (await getBoss()).cancel(runQueueName(run.task.repositoryId), run.jobId);
      return { id: runId, status: "cancelled" as const };
    }
  }
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.run.updateMany({
      where: { id: runId, status: { in: ["preparing", "running"] }, cancelRequestedAt: null },
      data: { cancelRequestedAt: new Date() },
    });
    if (count > 0) {
      await recordAuditEvent(tx, { actorId: actor.id, action: "run.cancel_requested", targetType: "run", targetId: runId });
    }
  });
  publish("run.cancel", { runId });
  const current = await prisma.run.findUniqueOrThrow({ where: { id: runId }, select: { status: true } });
  return { id: runId, status: current.status };
}
