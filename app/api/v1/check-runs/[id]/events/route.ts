import { getCheckRun } from "@/lib/checks/queries";
import { streamCheckEvents } from "@/lib/checks/stream-check-events";
import { eventStreamResponse, resumeAfter } from "@/lib/http/event-stream";
import { apiRoute } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>(async ({ actor, params, request }) => {
  const check = await getCheckRun(actor, params.id);
  return eventStreamResponse(request, (sink) => streamCheckEvents(check.id, resumeAfter(request), sink));
});
