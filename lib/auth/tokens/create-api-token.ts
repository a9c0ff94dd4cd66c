import { z } from "zod";
import { recordAuditEvent } from "../../audit/record-audit-event.ts";
import { prisma } from "../../db/client.ts";
import { fieldError } from "../../errors.ts";
import { parseInput, text } from "../../validation.ts";
import { displayPrefix, generateApiToken, hashApiToken } from "../api-tokens.ts";
import { requirePermission, scopesForRole, type Actor } from "../permissions.ts";
import { DEFAULT_TOKEN_SCOPES, TOKEN_SCOPES } from "../scopes.ts";

export const newTokenSchema = z.object({
  name: text(100, "Token name"),
  scopes: z
    .array(z.enum(TOKEN_SCOPES, { error: `Scopes must be among ${TOKEN_SCOPES.join(", ")}` }))
    .min(1, "Choose at least one scope")
    .transform((scopes) => TOKEN_SCOPES.filter((scope) => scopes.includes(scope)))
    .optional(),
  // A date alone (as a date picker sends it) means the end of that day, UTC.
  expiresAt: z
    .preprocess(
      (value) => (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T23:59:59.999Z` : value),
      z.iso.datetime({ offset: true, error: "Expiry must be a date such as 2027-01-31, or a date and time" }),
    )
    .transform((value) => new Date(value))
    .refine((date) => date.getTime() > Date.now(), "Expiry must be in the future")
    .nullish(),
});

/** Creates a personal API token for the actor; the token itself is returned this once only. */
export async function createApiToken(actor: Actor | null, input: unknown) {
  requirePermission(actor, "token.manageOwn");
  const { name, scopes: asked, expiresAt } = parseInput(newTokenSchema, input);
  const allowed = actor.token ? actor.token.scopes : scopesForRole(actor.role);
  const scopes = asked ?? DEFAULT_TOKEN_SCOPES.filter((scope) => allowed.includes(scope));
  if (scopes.length === 0) throw fieldError("scopes", "None of the default scopes is within reach: choose the scopes.");
  const beyond = scopes.filter((scope) => !allowed.includes(scope));
  if (beyond.length > 0) {
    const limit = actor.token ? `the token "${actor.token.name}" making it` : `your role (${actor.role})`;
    throw fieldError("scopes", `A token cannot do more than ${limit}: ${beyond.join(", ")} ${beyond.length === 1 ? "is" : "are"} beyond it.`);
  }
  const token = generateApiToken();
  const record = await prisma.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: { userId: actor.id, name, tokenHash: hashApiToken(token), prefix: displayPrefix(token), scopes, expiresAt: expiresAt ?? null },
      select: { id: true, name: true, prefix: true, scopes: true, expiresAt: true, createdAt: true },
    });
    await recordAuditEvent(tx, { actorId: actor.id, action: "token.created", targetType: "api_token", targetId: created.id, data: { scopes } });
    return created;
  });
  return { token, record };
}
