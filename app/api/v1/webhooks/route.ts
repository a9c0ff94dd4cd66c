import { apiRoute, json, readJson } from "@/lib/http/api-route";
import { createWebhook } from "@/lib/webhooks/create-webhook";
import { webhookDto } from "@/lib/webhooks/dto";
import { listWebhooks } from "@/lib/webhooks/list-webhooks";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async ({ actor }) => json({ items: (await listWebhooks(actor)).map(webhookDto) }));

/** Subscribes a URL to events; the signing secret is in this answer only. */
export const POST = apiRoute(async ({ actor, request }) => {
  const { subscription, secret } = await createWebhook(actor, await readJson(request));
  return json({ ...webhookDto(subscription), secret }, 201);
});
