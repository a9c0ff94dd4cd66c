import { z } from "zod";
import { branchNameProblem } from "../git/ref-format.ts";
import { parseHostPattern } from "../sandbox/egress/host-patterns.ts";
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

// Booleans were the API's first form: a network or none.
const networkPolicy = (label: string, fallback: "off" | "allowlist" | "full") =>
  z
    .preprocess(
      (value) => (value === true ? "full" : value === false ? "off" : value),
      z.enum(["off", "allowlist", "full"], { error: `${label} must be "off", "allowlist" or "full"` }),
    )
    .default(fallback);

export const allowedHostsSchema = z
  .array(z.string({ error: "An allowed host must be a string" }).max(260, "An allowed host is at most 260 characters"), { error: "Allowed hosts must be a list" })
  .max(200, "At most 200 allowed hosts")
  .default([])
  .superRefine((entries, context) => {
    for (const [index, entry] of entries.entries()) {
      const parsed = parseHostPattern(entry);
      if (typeof parsed === "string") context.addIssue({ code: "custom", message: parsed, path: [index] });
    }
  })
  .transform((entries) => [...new Set(entries.map((entry) => entry.trim().toLowerCase()))]);

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
  agentNetwork: networkPolicy("Agent network", "allowlist").describe(
    "off: loopback only; allowlist: only allowedHosts and the agent kind's model API, through the egress proxy; full: the host's network. true and false mean full and off",
  ),
  checkNetwork: networkPolicy("Check network", "full").describe("As agentNetwork, for checks and the setup command"),
  allowedHosts: allowedHostsSchema.describe("Hosts reachable under allowlist: host or *.domain (ports 80 and 443), host:port, or an IP address (listed as one)"),
  setupCommand: text(4000, "Setup command").nullable().optional().describe("null: none"),
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
