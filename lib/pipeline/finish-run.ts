import { recordNewHead } from "./record-new-head.ts";
import { prisma } from "../db/client.ts";
import type { RunStatus } from "../generated/prisma/enums.ts";
import { settleTaskStatus } from "./task-state.ts";
import { appendSystemLine } from "../logs/append-system-line.ts";
import { transitionRun } from "./transition-run.ts";

export interface RunOutcome {
  status: RunStatus;
  exitCode?: number | null;
  headSha?: string | null;
  error?: string | null;
  summary: string;
}

/**
 * Records how a run ended. The run's final status and the head it pushed commit in one transaction,
 * so the run and its task never disagree about the head. When the run was already settled by someone
 * else (the reconciler took this worker for dead, a cancel raced the finish), its status stays, but
 * what really happened is kept: the pushed head becomes the task's head and the run's, with its exit
 * code, and a last log line says so.
 */
export async function finishRun(run: { id: string; taskId: string }, outcome: RunOutcome): Promise<void> {
  let announce: (() => Promise<void>) | undefined;
  const headSha = outcome.headSha ?? null;
  const recordHead = async (tx: Parameters<typeof recordNewHead>[0]) => {
    if (headSha) announce = await recordNewHead(tx, run.taskId, headSha);
  };
  const moved = await transitionRun(
    run.id,
    outcome.status,
    { exitCode: outcome.exitCode ?? null, ...(headSha ? { headSha } : {}), error: outcome.error ?? null },
    {},
    recordHead,
  );
  if (!moved) {
    const settled = await prisma.$transaction(async (tx) => {
      const current = await tx.run.update({
        where: { id: run.id },
        data: { exitCode: outcome.exitCode ?? null, ...(headSha ? { headSha } : {}) },
        select: { status: true },
      });
      await recordHead(tx);
      await settleTaskStatus(tx, run.taskId);
      return current.status;
    });
    await appendSystemLine(run.id, `The run had already been recorded as ${settled} when it finished: ${outcome.summary}`);
  }
  await announce?.();
}
