import type { Run } from "../generated/prisma/client.ts";

export function runDto(run: Run) {
  return {
    id: run.id,
    taskId: run.taskId,
    number: run.number,
    trigger: run.trigger,
    agentKind: run.agentKind,
    status: run.status,
    exitCode: run.exitCode,
    sandbox: run.sandbox,
    baseSha: run.baseSha,
    headSha: run.headSha,
    error: run.error,
    truncated: run.truncated,
    outputBytes: Number(run.outputBytes),
    workerId: run.workerId,
    heartbeatAt: run.heartbeatAt?.toISOString() ?? null,
    queuedAt: run.queuedAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}

export type RunDto = ReturnType<typeof runDto>;
