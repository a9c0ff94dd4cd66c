import { recordAuditEvent } from "../../audit/record-audit-event.ts";
import { prisma } from "../../db/client.ts";
import { AppError } from "../../errors.ts";
import { requirePermission, type Actor } from "../permissions.ts";

export async function revokeApiToken(actor: Actor | null, tokenId: string) {
  requirePermission(actor, "token.manageOwn");
  await prisma.$transaction(async (tx) => {
    const token = await tx.apiToken.findUnique({ where: { id: tokenId } });
    if (!token || token.userId !== actor.id) throw new AppError("not_found", "No such token.");
    if (token.revokedAt) return;
    await tx.apiToken.update({ where: { id: tokenId }, data: { revokedAt: new Date() } });
    await recordAuditEvent(tx, { actorId: actor.id, action: "token.revoked", targetType: "api_token", targetId: tokenId });
  });
}
