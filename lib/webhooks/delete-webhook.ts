import { recordAuditEvent } from "../audit/record-audit-event.ts";
import type { Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { findManagedWebhook } from "./find-webhook.ts";

/** Removes a subscription with its delivery log; messages not yet sent are dropped. */
export async function deleteWebhook(actor: Actor | null, id: string): Promise<void> {
  const subscription = await findManagedWebhook(actor, id);
  await prisma.$transaction(async (tx) => {
    await tx.webhookSubscription.deleteMany({ where: { id } });
    await recordAuditEvent(tx, { actorId: actor!.id, action: "webhook.deleted", targetType: "webhook", targetId: id, data: { url: subscription.url } });
  });
}
