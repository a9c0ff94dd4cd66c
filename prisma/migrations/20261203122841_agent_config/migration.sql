-- AlterTable
ALTER TABLE "Repository" ADD COLUMN     "agentConfig" JSONB;
