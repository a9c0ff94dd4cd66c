-- AlterTable
ALTER TABLE "CheckRun" ADD COLUMN     "command" TEXT,
ADD COLUMN     "error" TEXT,
ADD COLUMN     "junitPath" TEXT,
ADD COLUMN     "timeoutSeconds" INTEGER;

-- AlterTable
ALTER TABLE "Repository" ADD COLUMN     "githubApiUrl" TEXT,
ADD COLUMN     "githubToken" TEXT;

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "fixesHeadSha" TEXT;

-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "githubPollAt" TIMESTAMP(3),
ADD COLUMN     "githubPollDelaySeconds" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "CheckRun_status_source_createdAt_idx" ON "CheckRun"("status", "source", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Run_taskId_fixesHeadSha_key" ON "Run"("taskId", "fixesHeadSha");
