import { z } from "zod";
import type { Run } from "../generated/prisma/client.ts";
import { RunStatus, RunTrigger } from "../generated/prisma/enums.ts";

const timestamp = z.string().describe("ISO 8601");

export const runSchema = z.object({
  id: z.string(),
  taskId: z.string(),
  number: z.number().int(),
  trigger: z.enum(RunTrigger),
  agentKind: z.string(),
  status: z.enum(RunStatus),
  exitCode: z.number().int().nullable(),
  sandbox: z.string().nullable().describe("bwrap or none, once started"),
  baseSha: z.string().nullable(),
  headSha: z.string().nullable().describe("The commit the run pushed"),
  viaToken: z.string().nullable().describe("The name of the API token it was started through; null from the browser"),
  error: z.string().nullable(),
  truncated: z.boolean().describe("The output passed the installation's cap"),
  outputBytes: z.number(),
  workerId: z.string().nullable(),
  heartbeatAt: timestamp.nullable(),
  queuedAt: timestamp,
  startedAt: timestamp.nullable(),
  finishedAt: timestamp.nullable(),
  usage: z
    .object({
      inputTokens: z.number().int().nullable().describe("Every input token the model read, the cache's included"),
      outputTokens: z.number().int().nullable(),
      cacheReadTokens: z.number().int().nullable(),
      cacheWriteTokens: z.number().int().nullable(),
      model: z.string().nullable(),
      costUsd: z.number().nullable(),
      costSource: z.enum(["reported", "estimated", "unknown"]).describe("reported by the CLI, estimated from its tokens and the model's list price, or unknown"),
      cpuSeconds: z.number().nullable().describe("CPU time of the run's sandboxed processes, where the worker's host accounts for it"),
    })
    .nullable()
    .describe("What the run used, from its agent's result once its agent ended (null fields: not known); null before"),
});

export type RunDto = z.infer<typeof runSchema>;

export function runDto(run: Run): RunDto {
  return {
    id: run.id,
    taskId: run.taskId,
    number: run.number,
    trigger: run.trigger,
    agentKind: run.agentKind,
    viaToken: run.viaToken,
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
    usage: run.costSource
      ? {
          inputTokens: run.inputTokens,
          outputTokens: run.outputTokens,
          cacheReadTokens: run.cacheReadTokens,
          cacheWriteTokens: run.cacheWriteTokens,
          model: run.model,
          costUsd: run.costUsd,
          costSource: run.costSource as "reported" | "estimated" | "unknown",
          cpuSeconds: run.cpuSeconds,
        }
      : null,
  };
}
