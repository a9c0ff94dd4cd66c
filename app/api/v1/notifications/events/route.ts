import { apiRoute } from "@/lib/http/api-route";
import { eventStreamResponse } from "@/lib/http/event-stream";
import { listNotifications } from "@/lib/notifications/queries";
import { streamNotifications } from "@/lib/notifications/stream-notifications";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async ({ actor, request }) => {
  await listNotifications(actor); // a missing or bad token is answered as JSON, before the stream starts
  return eventStreamResponse(request, (sink) => streamNotifications(actor, sink));
});
