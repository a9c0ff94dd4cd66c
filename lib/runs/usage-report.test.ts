import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { createBareGitRepo, createTestActor, createTestRepository, createTestTask } from "../testing/factories.ts";
import { usageCsv } from "./usage-csv.ts";
import { usageReport } from "./usage-report.ts";

// A window of its own, far from other tests' runs: 2031-03-01 and 2031-03-02 (UTC).
const DAY_ONE = new Date("2031-03-01T10:00:00Z");
const DAY_TWO = new Date("2031-03-02T23:30:00Z");
const range = { from: "2031-03-01", to: "2031-03-03" };
let viewer: Actor;
let author: Actor;
let operator: Actor;
let repositories: Array<{ id: string }>;
let upstream: Awaited<ReturnType<typeof createBareGitRepo>>;

beforeAll(async () => {
  [viewer, author, operator] = await Promise.all([createTestActor("viewer"), createTestActor("operator"), createTestActor("operator")]);
  upstream = await createBareGitRepo(["main"]);
  repositories = await Promise.all([0, 1].map(() => createTestRepository({ upstream: upstream.path })));
  const [first, second] = await Promise.all(repositories.map((repository) => createTestTask(repository, author)));
  const run = (task: { id: string }, number: number, fields: Record<string, unknown>) =>
    prisma.run.create({ data: { taskId: task.id, number, prompt: "p", agentKind: "claude-code", status: "succeeded", ...fields } });
  await run(first!, 1, { createdById: operator.id, finishedAt: DAY_ONE, inputTokens: 1_000, outputTokens: 100, costUsd: 0.25, costSource: "reported" });
  await run(first!, 2, { createdById: null, finishedAt: DAY_TWO, inputTokens: 2_000, outputTokens: 200, costUsd: 0.5, costSource: "estimated" });
  await run(second!, 1, { createdById: operator.id, finishedAt: DAY_TWO, agentKind: "codex", inputTokens: 40, outputTokens: 4, costSource: "unknown" });
  await run(second!, 2, { createdById: operator.id, finishedAt: new Date("2031-03-03T00:00:00Z"), inputTokens: 9, outputTokens: 9, costUsd: 9, costSource: "reported" });
  await run(second!, 3, { createdById: operator.id, status: "running" });
  await prisma.merge.create({ data: { taskId: first!.id, actorId: operator.id, method: "merge", headSha: "a".repeat(40), baseSha: "b".repeat(40), mergeSha: "c".repeat(40), createdAt: DAY_TWO } });
});
afterAll(() => upstream.remove());

describe("usageReport", () => {
  it("sums the runs that ended in the range by day (UTC), with a total; a cost not known adds nothing and is counted", async () => {
    expect(await usageReport(viewer, { ...range, groupBy: "day" })).toEqual({
      groupBy: "day",
      from: "2031-03-01T00:00:00.000Z",
      to: "2031-03-03T00:00:00.000Z",
      groups: [
        { key: "2031-03-01", label: "2031-03-01", runs: 1, inputTokens: 1_000, outputTokens: 100, costUsd: 0.25, unknownCostRuns: 0 },
        { key: "2031-03-02", label: "2031-03-02", runs: 2, inputTokens: 2_040, outputTokens: 204, costUsd: 0.5, unknownCostRuns: 1 },
      ],
      total: { runs: 3, inputTokens: 3_040, outputTokens: 304, costUsd: 0.75, unknownCostRuns: 1 },
      // The task merged on day two: what all its runs cost.
      mergedTasks: { tasks: 1, costUsd: 0.75, costPerTaskUsd: 0.75 },
    });
  });

  it("groups by repository, by agent, and by user (a run nobody started, an auto-fix, is its task author's)", async () => {
    const keys = async (groupBy: string) => Object.fromEntries((await usageReport(viewer, { ...range, groupBy })).groups.map((group) => [group.key, group.runs]));
    expect(await keys("repository")).toEqual({ [repositories[0]!.id]: 2, [repositories[1]!.id]: 1 });
    expect(await keys("agent")).toEqual({ "claude-code": 2, codex: 1 });
    expect(await keys("user")).toEqual({ [operator.id]: 2, [author.id]: 1 });
    const labels = async (groupBy: string) => (await usageReport(viewer, { ...range, groupBy })).groups.map((group) => group.label).sort();
    const names = await prisma.repository.findMany({ where: { id: { in: repositories.map((repository) => repository.id) } }, select: { name: true } });
    expect(await labels("repository")).toEqual(names.map((repository) => repository.name).sort());
    expect(await labels("agent")).toEqual(["Claude Code", "OpenAI Codex"]);
    expect(await labels("user")).toEqual([author.email, operator.email].sort());
  });

  it("refuses a bad grouping or range with a clear message, and anyone signed out", async () => {
    await expect(usageReport(viewer, { groupBy: "week" })).rejects.toMatchObject({ code: "validation_failed", fields: { groupBy: expect.stringContaining("day, repository, user, agent") } });
    await expect(usageReport(viewer, { from: "yesterday" })).rejects.toMatchObject({ code: "validation_failed", fields: { from: expect.stringContaining("must be a date") } });
    await expect(usageReport(viewer, { from: "2031-03-03", to: "2031-03-01" })).rejects.toMatchObject({ fields: { from: "from must be before to" } });
    await expect(usageReport(viewer, { from: "2020-01-01", to: "2031-03-01" })).rejects.toMatchObject({ fields: { to: expect.stringContaining("at most 366 days") } });
    await expect(usageReport(null, range)).rejects.toMatchObject({ code: "unauthorized" });
  });
});

describe("usageCsv", () => {
  it("writes one row per group then the total, with labels a spreadsheet would run as formulas defused", () => {
    const totals = { runs: 3, inputTokens: 30, outputTokens: 3, costUsd: 1.5, unknownCostRuns: 1 };
    const csv = usageCsv({
      groupBy: "repository",
      from: "2031-03-01T00:00:00.000Z",
      to: "2031-03-03T00:00:00.000Z",
      groups: [
        { key: "r1", label: '=HYPERLINK("x")', runs: 2, inputTokens: 20, outputTokens: 2, costUsd: 1, unknownCostRuns: 0 },
        { key: "r2", label: "web, api", runs: 1, inputTokens: 10, outputTokens: 1, costUsd: 0.5, unknownCostRuns: 1 },
      ],
      total: totals,
      mergedTasks: { tasks: 0, costUsd: 0, costPerTaskUsd: null },
    });
    expect(csv.split("\r\n")).toEqual([
      "key,label,runs,inputTokens,outputTokens,costUsd,unknownCostRuns",
      `r1,"'=HYPERLINK(""x"")",2,20,2,1,0`,
      `r2,"web, api",1,10,1,0.5,1`,
      "total,,3,30,3,1.5,1",
      "",
    ]);
  });
});
