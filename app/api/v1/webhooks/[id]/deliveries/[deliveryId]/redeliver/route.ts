import { apiRoute, json } from "@/lib/http/api-route";
import { webhookDeliveryDto } from "@/lib/webhooks/dto";
import { redeliverWebhookMessage } from "@/lib/webhooks/redeliver-webhook-message";

export const dynamic = "force-dynamic";

/** Sends the message again now (same id and body); the answer is the delivery, pending. */
export const POST = apiRoute<{ id: string; deliveryId: string }>(async ({ actor, params }) =>
  json(webhookDeliveryDto(await redeliverWebhookMessage(actor, params.id, params.deliveryId)), 202),
);
