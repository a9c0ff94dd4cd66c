import { randomBytes } from "node:crypto";
import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { fieldError } from "../errors.ts";
import { parseInput } from "../validation.ts";
import { privateTargetsAllowed } from "./deliver-webhook-message.ts";
import { WEBHOOK_EVENTS, WEBHOOK_FORMATS } from "./events.ts";
import { resolveWebhookTarget } from "./target-guard.ts";

export const newWebhookSchema = z
  .object({
    url: z.url({ protocol: /^https?$/, error: "The URL must be an http:// or https:// address" }).max(2000, "The URL must be at most 2000 characters"),
    events: z
      .array(z.enum(WEBHOOK_EVENTS, { error: `Events must be among ${WEBHOOK_EVENTS.join(", ")}` }))
      .min(1, "Choose at least one event")
      .transform((events) => WEBHOOK_EVENTS.filter((event) => events.includes(event))),
    repositoryId: z.string().trim().min(1).max(100).nullish().describe("Only this repository's events; none: the whole installation (admin)"),
    format: z.enum(WEBHOOK_FORMATS, { error: "The format is standard or openclaw" }).default("standard"),
    token: z.string().trim().min(1).max(500, "The token must be at most 500 characters").optional().describe("Sent as Authorization: Bearer; an OpenClaw gateway's hooks token"),
  })
  .strict();

/**
 * Subscribes a URL to events: an admin for the whole installation, a maintainer for a repository.
 * The URL must be a permitted target now (it is checked again on every delivery). The signing
 * secret is in this answer only.
 */
export async function createWebhook(actor: Actor | null, input: unknown) {
  requirePermission(actor, "webhook.manage");
  const { url, events, repositoryId, format, token } = parseInput(newWebhookSchema, input);
  if (!repositoryId) requirePermission(actor, "settings.manage");
  if (format === "openclaw" && !token) throw fieldError("token", "The OpenClaw preset needs the gateway's hooks token.");
  if (repositoryId && !(await prisma.repository.findUnique({ where: { id: repositoryId }, select: { id: true } }))) {
    throw fieldError("repositoryId", "No such repository.");
  }
  try {
    await resolveWebhookTarget(new URL(url), await privateTargetsAllowed());
  } catch (error) {
    throw fieldError("url", error instanceof Error ? error.message : String(error));
  }
  const secret = `whsec_${randomBytes(32).toString("base64")}`;
  const subscription = await prisma.$transaction(async (tx) => {
    const created = await tx.webhookSubscription.create({ data: { url, events, repositoryId: repositoryId ?? null, format, secret, bearerToken: token ?? null, createdById: actor.id } });
    await recordAuditEvent(tx, { actorId: actor.id, action: "webhook.created", targetType: "webhook", targetId: created.id, data: { url, events, repositoryId: repositoryId ?? null, format } });
    return created;
  });
  return { subscription, secret };
}
