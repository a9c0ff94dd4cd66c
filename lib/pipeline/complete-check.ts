import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { prisma } from "../db/client.ts";
import { reportCheckToGithub } from "../github/report-check.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { CheckConclusion } from "../generated/prisma/enums.ts";
import { settleTaskStatus } from "./task-state.ts";
import { publish } from "../events/bus.ts";
import { logger } from "../logger.ts";

export interface CheckOutcome {
  conclusion: CheckConclusion;
  exitCode?: number | null;
  summary?: Prisma.InputJsonValue;
  error?: string | null;
}

/**
 * The one place a local check ends: only from queued or running, so a worker finishing and the
 * reconciler cannot both settle it. Settles the task's status in the same transaction. Returns the
 * task id when this call ended the check.
 */
export async function completeCheck(checkRunId: string, outcome: CheckOutcome): Promise<string | null> {
  const taskId = await prisma.$transaction(async (tx) => {
    const { count } = await tx.checkRun.updateMany({
      where: { id: checkRunId, status: { in: ["queued", "running"] } },
      data: {
        status: "completed",
        conclusion: outcome.conclusion,
        exitCode: outcome.exitCode ?? null,
        error: outcome.error ?? null,
        finishedAt: new Date(),
        ...(outcome.summary === undefined ? {} : { summary: outcome.summary }),
      },
    });
    if (count === 0) return null;
    const { taskId } = await tx.checkRun.findUniqueOrThrow({ where: { id: checkRunId }, select: { taskId: true } });
    await settleTaskStatus(tx, taskId);
    await recordAuditEvent(tx, { actorId: null, action: `check.${outcome.conclusion}`, targetType: "check_run", targetId: checkRunId });
    return taskId;
  });
  if (taskId) {
    publish("checks.changed", { taskId });
    await reportCheckToGithub(checkRunId).catch((error: unknown) => logger.warn({ checkRunId, err: error }, "check not reported to GitHub"));
  }
  return taskId;
}
