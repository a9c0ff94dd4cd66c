import { apiRoute, json, searchParams } from "@/lib/http/api-route";
import { webhookDeliveryDto } from "@/lib/webhooks/dto";
import { listWebhookDeliveries } from "@/lib/webhooks/list-webhooks";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>(async ({ actor, params, request }) => {
  const { messages, nextBefore } = await listWebhookDeliveries(actor, params.id, searchParams(request));
  return json({ items: messages.map(webhookDeliveryDto), nextBefore });
});
