import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { createBareGitRepo, createTestActor, createTestRepository, createTestTask } from "../testing/factories.ts";
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
});
afterAll(() => upstream.remove());

describe("usageReport", () => {
  it("sums the runs that ended in the range by day (UTC), with a total; a cost not known adds nothing and is counted", async () => {
    expect(await usageReport(viewer, { ...range, groupBy: "day" })).toEqual({
      groupBy: "day",
      from: "2031-03-01T00:00:00.000Z",
      to: "2031-03-03T00:00:00.000Z",
      groups: [
        { key: "2031-03-01", runs: 1, inputTokens: 1_000, outputTokens: 100, costUsd: 0.25, unknownCostRuns: 0 },
        { key: "2031-03-02", runs: 2, inputTokens: 2_040, outputTokens: 204, costUsd: 0.5, unknownCostRuns: 1 },
      ],
      total: { runs: 3, inputTokens: 3_040, outputTokens: 304, costUsd: 0.75, unknownCostRuns: 1 },
    });
  });

  it("groups by repository, by agent, and by user (a run nobody started, an auto-fix, is its task author's)", async () => {
    const keys = async (groupBy: string) => Object.fromEntries((await usageReport(viewer, { ...range, groupBy })).groups.map((group) => [group.key, group.runs]));
    expect(await keys("repository")).toEqual({ [repositories[0]!.id]: 2, [repositories[1]!.id]: 1 });
    expect(await keys("agent")).toEqual({ "claude-code": 2, codex: 1 });
    expect(await keys("user")).toEqual({ [operator.id]: 2, [author.id]: 1 });
  });

  it("refuses a bad grouping or range with a clear message, and anyone signed out", async () => {
    await expect(usageReport(viewer, { groupBy: "week" })).rejects.toMatchObject({ code: "validation_failed", fields: { groupBy: expect.stringContaining("day, repository, user, agent") } });
    await expect(usageReport(viewer, { from: "yesterday" })).rejects.toMatchObject({ code: "validation_failed", fields: { from: expect.stringContaining("must be a date") } });
    await expect(usageReport(viewer, { from: "2031-03-03", to: "2031-03-01" })).rejects.toMatchObject({ fields: { from: "from must be before to" } });
    await expect(usageReport(viewer, { from: "2020-01-01", to: "2031-03-01" })).rejects.toMatchObject({ fields: { to: expect.stringContaining("at most 366 days") } });
    await expect(usageReport(null, range)).rejects.toMatchObject({ code: "unauthorized" });
  });
});
