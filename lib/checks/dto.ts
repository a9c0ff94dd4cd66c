import { z } from "zod";
import type { CheckRun } from "../generated/prisma/client.ts";
import { CheckConclusion, CheckSource, CheckStatus } from "../generated/prisma/enums.ts";
import type { JunitSummary } from "./junit.ts";

const junitSchema = z.object({
  tests: z.number().int(),
  passed: z.number().int(),
  failed: z.number().int(),
  skipped: z.number().int(),
  failures: z.array(z.object({ name: z.string(), classname: z.string().optional(), message: z.string() })).describe("The first failing tests, with their messages"),
});

export const checkSchema = z.object({
  id: z.string(),
  taskId: z.string(),
  name: z.string(),
  source: z.enum(CheckSource),
  headSha: z.string(),
  status: z.enum(CheckStatus),
  conclusion: z.enum(CheckConclusion).nullable(),
  required: z.boolean(),
  attempt: z.number().int(),
  url: z.string().nullable(),
  exitCode: z.number().int().nullable(),
  error: z.string().nullable(),
  junit: junitSchema.nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});

export type CheckDto = z.infer<typeof checkSchema>;

export function checkDto(check: CheckRun): CheckDto {
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

export const criterionStatusSchema = z.object({
  text: z.string(),
  check: z.string().nullable().describe("The check it is linked to"),
  state: z.enum(["met", "failing", "pending", "unlinked"]),
});

export const checksOverviewSchema = z.object({
  headSha: z.string().nullable(),
  checks: z.array(checkSchema).describe("The latest attempt of each check of the current head"),
  criteria: z.array(criterionStatusSchema).describe("The acceptance criteria against those checks"),
  stale: z.array(z.object({ headSha: z.string(), checks: z.array(checkSchema) })).describe("Earlier heads' checks: shown, never counted"),
});

export type TaskChecksOverview = z.infer<typeof checksOverviewSchema>;
