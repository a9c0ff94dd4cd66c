-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN     "expiresAt" TIMESTAMP(3),
ADD COLUMN     "scopes" TEXT[] DEFAULT ARRAY['tasks:read', 'tasks:write']::TEXT[];

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "tokenId" TEXT;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_tokenId_fkey" FOREIGN KEY ("tokenId") REFERENCES "ApiToken"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Tokens made before scopes could do all their user's role allowed: they keep that.
UPDATE "ApiToken" SET "scopes" = ARRAY['tasks:read', 'tasks:write', 'reviews:approve', 'merge', 'admin']::TEXT[];
