import { z } from "zod";
import { agentSchema } from "../agents/agent-schema.ts";
import type { Task } from "../generated/prisma/client.ts";
import { TaskStatus } from "../generated/prisma/enums.ts";
import { acceptanceCriterionSchema, fileChangeSchema } from "./spec-schema.ts";

export const taskSchema = z.object({
  id: z.string(),
  repositoryId: z.string(),
  repositoryName: z.string().optional(),
  authorId: z.string(),
  viaToken: z.string().nullable().describe("The name of the API token it was made through; null from the browser"),
  name: z.string(),
  branch: z.string(),
  goal: z.string(),
  context: z.string(),
  files: z.array(fileChangeSchema),
  acceptanceCriteria: z.array(acceptanceCriterionSchema),
  agent: agentSchema,
  timeoutSeconds: z.number().int(),
  autoFixAttempts: z.number().int(),
  budgetUsd: z.number().nullable().describe("The most its runs may cost, in USD; null: no limit"),
  status: z.enum(TaskStatus),
  baseSha: z.string().nullable(),
  headSha: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export type TaskDto = z.infer<typeof taskSchema>;

/** A task as the API answers it; a listed task carries the facts its dashboard row shows. */
export function taskDto<Facts>(task: Task & { repository?: { id: string; name: string }; facts?: Facts }): TaskDto & { facts?: Facts } {
  return {
    id: task.id,
    repositoryId: task.repositoryId,
    ...(task.repository ? { repositoryName: task.repository.name } : {}),
    authorId: task.authorId,
    viaToken: task.viaToken,
    name: task.name,
    branch: task.branch,
    goal: task.goal,
    context: task.context,
    // Stored as validated by the spec schema.
    files: task.files as TaskDto["files"],
    acceptanceCriteria: task.acceptanceCriteria as TaskDto["acceptanceCriteria"],
    agent: task.agent as TaskDto["agent"],
    timeoutSeconds: task.timeoutSeconds,
    autoFixAttempts: task.autoFixAttempts,
    budgetUsd: task.budgetUsd,
    status: task.status,
    baseSha: task.baseSha,
    headSha: task.headSha,
    createdAt: task.createdAt.toISOString(),
    updatedAt: task.updatedAt.toISOString(),
    ...(task.facts ? { facts: task.facts } : {}),
  };
}
