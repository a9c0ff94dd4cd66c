import { z } from "zod";
import { branchNameProblem } from "../git/ref-format.ts";
import { text } from "../validation.ts";

const UPSTREAM_FORMS = /^(\/|file:\/\/|https?:\/\/|ssh:\/\/|git:\/\/|[\w.-]+@[\w.-]+:)/;

export const upstreamSchema = text(2000, "Upstream")
  .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), "Upstream contains a control character")
  .refine(
    (value) => UPSTREAM_FORMS.test(value),
    "Upstream must be an absolute local path or a git URL (https://, ssh://, git://, file://, user@host:path)",
  );

export const baseBranchSchema = text(200, "Base branch").superRefine((value, context) => {
  const problem = branchNameProblem(value);
  if (problem) context.addIssue({ code: "custom", message: `Base branch ${problem}` });
});

export const checkCommandSchema = z.object({
  name: text(64, "Check name").regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
    "Check name may use letters, digits, '.', '_' and '-' and must start with a letter or digit",
  ),
  command: text(4000, "Command"),
  required: z.boolean().default(true),
  timeoutSeconds: z.number().int().min(10).max(86_400).default(900),
  junitPath: text(500, "JUnit report path").optional(),
});

const uniqueCheckNames = (checks: Array<{ name: string }>) =>
  new Set(checks.map((check) => check.name)).size === checks.length;

const budget = (label: string) =>
  z
    .number({ error: `${label} must be a number of US dollars` })
    .positive(`${label} must be more than $0`)
    .max(1_000_000, `${label} must be at most $1,000,000`)
    .nullable()
    .default(null);

export const repositoryInputSchema = z.object({
  name: text(100, "Name").regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
    "Name may use letters, digits, '.', '_' and '-' and must start with a letter or digit",
  ),
  upstream: upstreamSchema,
  baseBranch: baseBranchSchema,
  checks: z
    .array(checkCommandSchema)
    .max(50, "At most 50 checks")
    .default([])
    .refine(uniqueCheckNames, "Check names must be unique"),
  agentNetwork: z.boolean().default(true),
  checkNetwork: z.boolean().default(true),
  setupCommand: text(4000, "Setup command").optional(),
  maxConcurrentRuns: z
    .number({ error: "Concurrent runs must be a number" })
    .int()
    .min(1, "At least 1 concurrent run")
    .max(32, "At most 32 concurrent runs")
    .default(2),
  taskBudgetUsd: budget("Task budget").describe("A new task's budget when its spec names none, in USD; null: no limit"),
  monthlyBudgetUsd: budget("Monthly budget").describe("The most this repository's runs may cost in a calendar month (UTC), in USD; null: no limit"),
  requiredApprovals: z
    .number({ error: "Required approvals must be a number" })
    .int()
    .min(0, "At least 0 approvals")
    .max(10, "At most 10 approvals")
    .default(1),
  allowSelfApproval: z.boolean().default(false),
  requireUpToDate: z.boolean().default(false),
  deleteBranchOnMerge: z.boolean().default(true),
});

export type RepositoryInput = z.input<typeof repositoryInputSchema>;
