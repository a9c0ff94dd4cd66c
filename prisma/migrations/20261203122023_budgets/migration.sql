-- AlterTable
ALTER TABLE "Repository" ADD COLUMN     "monthlyBudgetUsd" DOUBLE PRECISION,
ADD COLUMN     "taskBudgetUsd" DOUBLE PRECISION;

-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "budgetUsd" DOUBLE PRECISION;
