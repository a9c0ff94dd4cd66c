import { z } from "zod";
import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { adapterFor } from "../agents/registry.ts";
import { parseInput } from "../validation.ts";

const DAY_MS = 86_400_000;
const MAX_RANGE_DAYS = 366;

export const USAGE_GROUPINGS = ["day", "repository", "user", "agent"] as const;

const instant = z.coerce.date({ error: "must be a date (YYYY-MM-DD) or an ISO 8601 time" });

export const usageQueryFields = z.object({
  groupBy: z.enum(USAGE_GROUPINGS, { error: `groupBy must be one of ${USAGE_GROUPINGS.join(", ")}` }).default("day"),
  from: instant.optional().describe("Runs that ended at or after it (a date is its UTC midnight); default 30 days before `to`"),
  to: instant.optional().describe("Runs that ended before it; default now"),
});

const usageQuerySchema = usageQueryFields
  .transform(({ groupBy, from, to }) => {
    const end = to ?? new Date();
    return { groupBy, from: from ?? new Date(end.getTime() - 30 * DAY_MS), to: end };
  })
  .refine(({ from, to }) => from < to, { message: "from must be before to", path: ["from"] })
  .refine(({ from, to }) => to.getTime() - from.getTime() <= MAX_RANGE_DAYS * DAY_MS, { message: `The range is at most ${MAX_RANGE_DAYS} days`, path: ["to"] });

const totalsSchema = z.object({
  runs: z.number().int(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  costUsd: z.number().describe("Reported and estimated costs; runs of unknown cost add nothing"),
  unknownCostRuns: z.number().int().describe("Runs whose cost is unknown"),
});

export const usageReportSchema = z.object({
  groupBy: z.enum(USAGE_GROUPINGS),
  from: z.string(),
  to: z.string(),
  groups: z.array(
    totalsSchema.extend({
      key: z.string().describe("The day (YYYY-MM-DD, UTC), repository id, user id or agent kind"),
      label: z.string().describe("The day, the repository's name, the user's email or the agent's name"),
    }),
  ),
  total: totalsSchema,
  mergedTasks: z
    .object({
      tasks: z.number().int().describe("Tasks merged in the range"),
      costUsd: z.number().describe("What all their runs cost, whenever they ran"),
      costPerTaskUsd: z.number().nullable(),
    })
    .describe("The cost of what shipped"),
});

export type UsageReport = z.infer<typeof usageReportSchema>;

// Fixed SQL per grouping, never built from the request. A run nobody started (an auto-fix) is its task author's.
const GROUP_KEY: Record<(typeof USAGE_GROUPINGS)[number], Prisma.Sql> = {
  day: Prisma.sql`to_char(r."finishedAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD')`,
  repository: Prisma.sql`t."repositoryId"`,
  user: Prisma.sql`COALESCE(r."createdById", t."authorId")`,
  agent: Prisma.sql`r."agentKind"`,
};

interface Row {
  key: string;
  runs: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  unknownCostRuns: number;
}

/** What the runs that ended in a range used, grouped by day, repository, user or agent. */
export async function usageReport(actor: Actor | null, query: unknown): Promise<UsageReport> {
  const grouped = await usageGroups(actor, query);
  return { ...grouped, mergedTasks: await mergedTasksCost(new Date(grouped.from), new Date(grouped.to)) };
}

/** The report without what merged tasks cost: for a page showing several groupings of one range. */
export async function usageGroups(actor: Actor | null, query: unknown): Promise<Omit<UsageReport, "mergedTasks">> {
  requirePermission(actor, "task.view");
  const { groupBy, from, to } = parseInput(usageQuerySchema, query);
  const rows = await prisma.$queryRaw<Row[]>`
    SELECT ${GROUP_KEY[groupBy]} AS key,
      count(*)::int AS runs,
      COALESCE(sum(r."inputTokens"), 0)::float8 AS "inputTokens",
      COALESCE(sum(r."outputTokens"), 0)::float8 AS "outputTokens",
      COALESCE(sum(r."costUsd"), 0)::float8 AS "costUsd",
      count(*) FILTER (WHERE r."costUsd" IS NULL)::int AS "unknownCostRuns"
    FROM "Run" r JOIN "Task" t ON t.id = r."taskId"
    WHERE r."finishedAt" >= ${from} AND r."finishedAt" < ${to}
    GROUP BY 1
    ORDER BY 1`;
  const labels = await labelsOf(groupBy, rows.map((row) => row.key));
  const groups = rows.map((row) => ({ ...row, label: labels.get(row.key) ?? row.key, costUsd: roundUsd(row.costUsd) }));
  const total = groups.reduce(
    (sum, group) => ({
      runs: sum.runs + group.runs,
      inputTokens: sum.inputTokens + group.inputTokens,
      outputTokens: sum.outputTokens + group.outputTokens,
      costUsd: roundUsd(sum.costUsd + group.costUsd),
      unknownCostRuns: sum.unknownCostRuns + group.unknownCostRuns,
    }),
    { runs: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, unknownCostRuns: 0 },
  );
  return { groupBy, from: from.toISOString(), to: to.toISOString(), groups, total };
}

async function labelsOf(groupBy: (typeof USAGE_GROUPINGS)[number], keys: string[]): Promise<Map<string, string>> {
  if (groupBy === "repository") return new Map((await prisma.repository.findMany({ where: { id: { in: keys } }, select: { id: true, name: true } })).map((row) => [row.id, row.name]));
  if (groupBy === "user") return new Map((await prisma.user.findMany({ where: { id: { in: keys } }, select: { id: true, email: true } })).map((row) => [row.id, row.email]));
  if (groupBy === "agent") return new Map(keys.map((key) => [key, adapterFor(key)?.label ?? key]));
  return new Map();
}

async function mergedTasksCost(from: Date, to: Date) {
  const [row] = await prisma.$queryRaw<Array<{ tasks: number; costUsd: number }>>`
    SELECT count(DISTINCT m."taskId")::int AS tasks, COALESCE(sum(r."costUsd"), 0)::float8 AS "costUsd"
    FROM "Merge" m LEFT JOIN "Run" r ON r."taskId" = m."taskId"
    WHERE m."createdAt" >= ${from} AND m."createdAt" < ${to}`;
  const tasks = row?.tasks ?? 0;
  const costUsd = roundUsd(row?.costUsd ?? 0);
  return { tasks, costUsd, costPerTaskUsd: tasks === 0 ? null : roundUsd(costUsd / tasks) };
}

const roundUsd = (value: number) => Math.round(value * 1e6) / 1e6;
