import type { CheckRun } from "../generated/prisma/client.ts";
import type { JunitSummary } from "./junit.ts";

export function checkDto(check: CheckRun) {
  return {
    id: check.id,
    taskId: check.taskId,
    name: check.name,
    source: check.source,
    headSha: check.headSha,
    status: check.status,
    conclusion: check.conclusion,
    required: check.required,
    attempt: check.attempt,
    url: check.url,
    exitCode: check.exitCode,
    error: check.error,
    junit: (check.summary as { junit?: JunitSummary } | null)?.junit ?? null,
    createdAt: check.createdAt.toISOString(),
    startedAt: check.startedAt?.toISOString() ?? null,
    finishedAt: check.finishedAt?.toISOString() ?? null,
  };
}

export type CheckDto = ReturnType<typeof checkDto>;
