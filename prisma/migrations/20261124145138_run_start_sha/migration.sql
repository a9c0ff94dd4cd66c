-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "startSha" TEXT;
