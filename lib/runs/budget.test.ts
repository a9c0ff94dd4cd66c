import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../db/client.ts";
import { createBareGitRepo, createTestActor, createTestRepository, createTestTask } from "../testing/factories.ts";
import { assertWithinBudget, BudgetExceeded } from "./budget.ts";

const NOW = new Date("2031-05-20T12:00:00Z");
const NO_REQUESTER = { userId: null, dailyBudgetUsd: null };
let upstream: Awaited<ReturnType<typeof createBareGitRepo>>;
beforeAll(async () => {
  upstream = await createBareGitRepo(["main"]);
});
afterAll(() => upstream.remove());

async function taskWithRuns(
  repository: { monthlyBudgetUsd?: number | null },
  budgetUsd: number | null,
  runs: Array<{ costUsd: number | null; finishedAt: Date; queuedAt?: Date; createdById?: string }>,
) {
  const repo = await createTestRepository({ upstream: upstream.path, monthlyBudgetUsd: repository.monthlyBudgetUsd ?? null });
  const task = await createTestTask(repo, await createTestActor("operator"), { budgetUsd });
  for (const [index, run] of runs.entries()) {
    await prisma.run.create({ data: { taskId: task.id, number: index + 1, prompt: "p", agentKind: "script", status: "succeeded", ...run } });
  }
  return { id: task.id, budgetUsd, repository: { id: repo.id, monthlyBudgetUsd: repo.monthlyBudgetUsd } };
}

describe("assertWithinBudget", () => {
  it("lets a run start while the task's runs cost less than its budget, counting unknown costs as nothing", async () => {
    const task = await taskWithRuns({}, 1, [{ costUsd: 0.6, finishedAt: NOW }, { costUsd: null, finishedAt: NOW }]);
    await expect(assertWithinBudget(prisma, task, NO_REQUESTER, NOW)).resolves.toBeUndefined();
  });

  it("refuses once they cost the budget or more, with the figures (422 budget_exceeded)", async () => {
    const task = await taskWithRuns({}, 1, [{ costUsd: 0.6, finishedAt: NOW }, { costUsd: 0.4, finishedAt: NOW }]);
    const refusal = await assertWithinBudget(prisma, task, NO_REQUESTER, NOW).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(BudgetExceeded);
    expect((refusal as BudgetExceeded).status).toBe(422);
    expect((refusal as BudgetExceeded).toBody()).toEqual({
      error: { code: "budget_exceeded", message: "The task's budget of $1.00 is spent: its runs cost $1.00. Raise the budget to run again.", budget: { scope: "task", budgetUsd: 1, spentUsd: 1 } },
    });
  });

  it("refuses once the repository's runs of this calendar month (UTC) cost its monthly budget; last month's do not count", async () => {
    const lastMonth = new Date("2031-04-30T23:59:00Z");
    const within = await taskWithRuns({ monthlyBudgetUsd: 2 }, null, [{ costUsd: 5, finishedAt: lastMonth }, { costUsd: 1.5, finishedAt: NOW }]);
    await expect(assertWithinBudget(prisma, within, NO_REQUESTER, NOW)).resolves.toBeUndefined();
    const spent = await taskWithRuns({ monthlyBudgetUsd: 2 }, null, [{ costUsd: 1.5, finishedAt: new Date("2031-05-01T00:00:00Z") }, { costUsd: 0.5, finishedAt: NOW }]);
    await expect(assertWithinBudget(prisma, spent, NO_REQUESTER, NOW)).rejects.toMatchObject({ code: "budget_exceeded", budget: { scope: "repository_month", budgetUsd: 2, spentUsd: 2 } });
  });

  it("refuses a person's run once their runs queued today (UTC) cost the daily budget per person; others' and yesterday's do not count", async () => {
    const person = await createTestActor("operator");
    const other = await createTestActor("operator");
    const yesterday = new Date("2031-05-19T23:59:00Z");
    const task = await taskWithRuns({}, null, [
      { costUsd: 4, finishedAt: yesterday, queuedAt: yesterday, createdById: person.id },
      { costUsd: 3, finishedAt: NOW, queuedAt: NOW, createdById: other.id },
      { costUsd: 1.5, finishedAt: NOW, queuedAt: new Date("2031-05-20T00:00:00Z"), createdById: person.id },
    ]);
    await expect(assertWithinBudget(prisma, task, { userId: person.id, dailyBudgetUsd: 2 }, NOW)).resolves.toBeUndefined();
    await expect(assertWithinBudget(prisma, task, { userId: other.id, dailyBudgetUsd: 2 }, NOW)).rejects.toMatchObject({
      message: "Your budget for today (UTC) of $2.00 is spent: your runs today cost $3.00. An admin can raise it to run again.",
      budget: { scope: "user_day", budgetUsd: 2, spentUsd: 3 },
    });
    // Auto-fix runs are nobody's: no person's budget holds them back.
    await expect(assertWithinBudget(prisma, task, { userId: null, dailyBudgetUsd: 2 }, NOW)).resolves.toBeUndefined();
  });
});
