import { apiRoute, json } from "@/lib/http/api-route";
import { deleteWebhook } from "@/lib/webhooks/delete-webhook";

export const dynamic = "force-dynamic";

export const DELETE = apiRoute<{ id: string }>(async ({ actor, params }) => {
  await deleteWebhook(actor, params.id);
  return json({ id: params.id, deleted: true });
});
