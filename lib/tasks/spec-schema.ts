import { z } from "zod";
import { agentSchema } from "../agents/agent-schema.ts";
import { text } from "../validation.ts";
import { taskBranchProblem } from "./branch.ts";
import { repoPathProblem } from "./repo-path.ts";

export const DEFAULT_TIMEOUT_SECONDS = 300;

export const DEFAULT_ACCEPTANCE_CRITERIA = [
  { text: "Tests pass", check: "test" },
  { text: "Type check passes", check: "typecheck" },
  { text: "Build succeeds", check: "build" },
] as const;

export const fileChangeSchema = z.object({
  path: text(500, "Path").superRefine((value, context) => {
    const problem = repoPathProblem(value);
    if (problem) context.addIssue({ code: "custom", message: `Path ${problem}` });
  }),
  change: text(2000, "What changes"),
});

/** A line break would split the Markdown spec's line this text is written on. */
function oneLine(schema: z.ZodString, label: string) {
  return schema.refine((value) => !/[\r\n\u2028\u2029]/.test(value), `${label} must be one line`);
}

export const acceptanceCriterionSchema = z.object({
  text: oneLine(text(500, "Criterion"), "Criterion"),
  check: text(64, "Check").optional(),
});

export const branchSchema = text(200, "Branch").superRefine((value, context) => {
  const problem = taskBranchProblem(value);
  if (problem) context.addIssue({ code: "custom", message: `Branch ${problem}` });
});

export const taskSpecSchema = z.object({
  repositoryId: text(64, "Repository"),
  name: oneLine(text(200, "Name"), "Name"),
  branch: branchSchema.optional(),
  goal: text(20_000, "Goal"),
  context: z.string({ error: "Context must be text" }).trim().max(20_000, "Context must be at most 20,000 characters").default(""),
  files: z.array(fileChangeSchema).max(200, "At most 200 files").default([]),
  acceptanceCriteria: z.array(acceptanceCriterionSchema).max(50, "At most 50 criteria").optional(),
  agent: agentSchema,
  timeoutSeconds: z
    .number({ error: "Timeout must be a number of seconds" })
    .int("Timeout must be a whole number of seconds")
    .min(10, "Timeout must be at least 10 seconds")
    .max(86_400, "Timeout must be at most 86,400 seconds (24 h)")
    .default(DEFAULT_TIMEOUT_SECONDS),
  autoFixAttempts: z.number().int().min(0).max(5).default(0),
  budgetUsd: z
    .number({ error: "Budget must be a number of US dollars" })
    .positive("Budget must be more than $0")
    .max(100_000, "Budget must be at most $100,000")
    .optional()
    .describe("The most the task's runs (feedback and auto-fix runs included) may cost, in USD; default: the repository's task budget"),
});

export type TaskSpecInput = z.input<typeof taskSpecSchema>;
export type TaskSpec = z.output<typeof taskSpecSchema>;
export type FileChange = z.output<typeof fileChangeSchema>;
export type AcceptanceCriterion = z.output<typeof acceptanceCriterionSchema>;
