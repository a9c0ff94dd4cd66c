import { prisma } from "../../db/client.ts";
import { requirePermission, type Actor } from "../permissions.ts";

export async function listApiTokens(actor: Actor | null) {
  requirePermission(actor, "token.manageOwn");
  return prisma.apiToken.findMany({
    where: { userId: actor.id },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, scopes: true, expiresAt: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}
