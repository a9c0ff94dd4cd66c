-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "context" TEXT NOT NULL DEFAULT '';
