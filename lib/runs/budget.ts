import { z } from "zod";
import type { Prisma } from "../generated/prisma/client.ts";
import { AppError } from "../errors.ts";

export const budgetRefusalSchema = z.object({
  scope: z.enum(["task", "repository_month", "user_day"]),
  budgetUsd: z.number(),
  spentUsd: z.number().describe("What the runs counted against it cost so far (reported and estimated costs)"),
});

export type BudgetRefusal = z.infer<typeof budgetRefusalSchema>;

/** A run refused because a budget is spent: 422 `budget_exceeded`, with the figures. */
export class BudgetExceeded extends AppError {
  constructor(readonly budget: BudgetRefusal) {
    const [what, whose] = {
      task: ["The task's budget", "its runs cost"],
      repository_month: ["The repository's budget for this month", "its runs cost"],
      user_day: ["Your budget for today (UTC)", "your runs today cost"],
    }[budget.scope];
    super("budget_exceeded", `${what} of ${formatUsd(budget.budgetUsd)} is spent: ${whose} ${formatUsd(budget.spentUsd)}. ${budget.scope === "user_day" ? "An admin can raise it" : "Raise the budget"} to run again.`);
  }

  override toBody() {
    return { error: { code: this.code, message: this.message, budget: this.budget } };
  }
}

export const formatUsd = (value: number) => `$${value.toFixed(2)}`;

interface Budgeted {
  id: string;
  budgetUsd: number | null;
  repository: { id: string; monthlyBudgetUsd: number | null };
}

/** What the task's runs cost so far: feedback and auto-fix runs count against the same budget. */
export async function taskSpentUsd(db: Prisma.TransactionClient, taskId: string): Promise<number> {
  const { _sum } = await db.run.aggregate({ where: { taskId }, _sum: { costUsd: true } });
  return _sum.costUsd ?? 0;
}

/**
 * Refuses a new run of the task when its budget, its repository's budget for this calendar month
 * (UTC), or the budget per person per day of whoever asks for it is spent. Runs of unknown cost count
 * as nothing: the budget holds what is known.
 */
export async function assertWithinBudget(
  db: Prisma.TransactionClient,
  task: Budgeted,
  requester: { userId: string | null; dailyBudgetUsd: number | null },
  now = new Date(),
): Promise<void> {
  if (task.budgetUsd !== null) {
    const spentUsd = await taskSpentUsd(db, task.id);
    if (spentUsd >= task.budgetUsd) throw new BudgetExceeded({ scope: "task", budgetUsd: task.budgetUsd, spentUsd });
  }
  const monthly = task.repository.monthlyBudgetUsd;
  if (monthly !== null) {
    const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const { _sum } = await db.run.aggregate({ where: { task: { repositoryId: task.repository.id }, finishedAt: { gte: monthStart } }, _sum: { costUsd: true } });
    const spentUsd = _sum.costUsd ?? 0;
    if (spentUsd >= monthly) throw new BudgetExceeded({ scope: "repository_month", budgetUsd: monthly, spentUsd });
  }
  if (requester.userId && requester.dailyBudgetUsd !== null) {
    const dayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    const { _sum } = await db.run.aggregate({ where: { createdById: requester.userId, queuedAt: { gte: dayStart } }, _sum: { costUsd: true } });
    const spentUsd = _sum.costUsd ?? 0;
    if (spentUsd >= requester.dailyBudgetUsd) throw new BudgetExceeded({ scope: "user_day", budgetUsd: requester.dailyBudgetUsd, spentUsd });
  }
}
