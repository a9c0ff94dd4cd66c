import { recordAuditEvent } from "../audit/record-audit-event.ts";
import type { Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { publish } from "../events/bus.ts";
import { findManagedWebhook } from "./find-webhook.ts";

/**
 * Sends a message again now, the same id and body (a receiver that saw it can tell): once, and on
 * failure with retries while the day after its event lasts.
 */
export async function redeliverWebhookMessage(actor: Actor | null, subscriptionId: string, messageId: string) {
  await findManagedWebhook(actor, subscriptionId);
  const message = await prisma.$transaction(async (tx) => {
    const { count } = await tx.webhookMessage.updateMany({ where: { id: messageId, subscriptionId }, data: { status: "pending", nextAttemptAt: new Date(), deliveredAt: null } });
    if (count === 0) throw new AppError("not_found", "No such delivery of this webhook.");
    await recordAuditEvent(tx, { actorId: actor!.id, action: "webhook.redelivered", targetType: "webhook", targetId: subscriptionId, data: { messageId } });
    return tx.webhookMessage.findUniqueOrThrow({ where: { id: messageId }, include: { attempts: { orderBy: { createdAt: "desc" } } } });
  });
  setTimeout(() => publish("webhooks.queued", {}), 50);
  return message;
}
