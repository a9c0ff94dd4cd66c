"use client";

import { deleteWebhookAction, redeliverWebhookAction } from "@/app/(app)/settings/webhooks/actions";
import { ActionButton } from "@/components/ui/action-button";

export function DeleteWebhookButton({ webhookId, url }: { webhookId: string; url: string }) {
  return <ActionButton label="Delete" busyLabel="Deleting…" variant="danger" title={`Delete the webhook to ${url}`} act={() => deleteWebhookAction(webhookId)} then="/settings/webhooks" />;
}

export function RedeliverButton({ webhookId, deliveryId }: { webhookId: string; deliveryId: string }) {
  return <ActionButton label="Redeliver" busyLabel="Queuing…" title={`Send delivery ${deliveryId} again`} act={() => redeliverWebhookAction(webhookId, deliveryId)} />;
}
