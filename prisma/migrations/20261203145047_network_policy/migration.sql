-- CreateEnum
CREATE TYPE "NetworkPolicy" AS ENUM ('off', 'allowlist', 'full');

-- AlterTable: existing repositories keep what they had (a network: full; none: off).
ALTER TABLE "Repository" ADD COLUMN "allowedHosts" TEXT[] DEFAULT ARRAY[]::TEXT[];
ALTER TABLE "Repository" ALTER COLUMN "agentNetwork" DROP DEFAULT;
ALTER TABLE "Repository" ALTER COLUMN "agentNetwork" TYPE "NetworkPolicy" USING (CASE WHEN "agentNetwork" THEN 'full' ELSE 'off' END)::"NetworkPolicy";
ALTER TABLE "Repository" ALTER COLUMN "agentNetwork" SET DEFAULT 'allowlist';
ALTER TABLE "Repository" ALTER COLUMN "checkNetwork" DROP DEFAULT;
ALTER TABLE "Repository" ALTER COLUMN "checkNetwork" TYPE "NetworkPolicy" USING (CASE WHEN "checkNetwork" THEN 'full' ELSE 'off' END)::"NetworkPolicy";
ALTER TABLE "Repository" ALTER COLUMN "checkNetwork" SET DEFAULT 'full';
