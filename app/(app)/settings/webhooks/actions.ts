"use server";

import { revalidatePath } from "next/cache";
import { sessionActor } from "@/lib/auth/actor";
import { actionResult } from "@/lib/http/action-result";
import { createWebhook } from "@/lib/webhooks/create-webhook";
import { deleteWebhook } from "@/lib/webhooks/delete-webhook";
import { redeliverWebhookMessage } from "@/lib/webhooks/redeliver-webhook-message";

/** Subscribes a URL to events; the signing secret is in the answer this once only. */
export async function createWebhookAction(input: unknown) {
  const actor = await sessionActor();
  return actionResult(async () => {
    const { subscription, secret } = await createWebhook(actor, input);
    revalidatePath("/settings/webhooks");
    return { id: subscription.id, url: subscription.url, secret };
  });
}

export async function deleteWebhookAction(id: string) {
  const actor = await sessionActor();
  return actionResult(async () => {
    await deleteWebhook(actor, String(id));
    revalidatePath("/settings/webhooks");
    return null;
  });
}

export async function redeliverWebhookAction(subscriptionId: string, messageId: string) {
  const actor = await sessionActor();
  return actionResult(async () => {
    await redeliverWebhookMessage(actor, String(subscriptionId), String(messageId));
    revalidatePath(`/settings/webhooks/${subscriptionId}`);
    return null;
  });
}
