import { z } from "zod";
import { recordAuditEvent } from "../../audit/record-audit-event.ts";
import { prisma } from "../../db/client.ts";
import { parseInput, text } from "../../validation.ts";
import { displayPrefix, generateApiToken, hashApiToken } from "../api-tokens.ts";
import { requirePermission, type Actor } from "../permissions.ts";

export const newTokenSchema = z.object({ name: text(100, "Token name") });

/** Creates a personal API token for the actor; the token itself is returned this once only. */
export async function createApiToken(actor: Actor | null, input: unknown) {
  requirePermission(actor, "token.manageOwn");
  const { name } = parseInput(newTokenSchema, input);
  const token = generateApiToken();
  const record = await prisma.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: { userId: actor.id, name, tokenHash: hashApiToken(token), prefix: displayPrefix(token) },
      select: { id: true, name: true, prefix: true, createdAt: true },
    });
    await recordAuditEvent(tx, { actorId: actor.id, action: "token.created", targetType: "api_token", targetId: created.id });
    return created;
  });
  return { token, record };
}
