import { eventStreamResponse, resumeAfter } from "@/lib/http/event-stream";
import { apiRoute } from "@/lib/http/api-route";
import { streamRunEvents } from "@/lib/runs/stream-run-events";
import { getRun } from "@/lib/runs/queries";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>(async ({ actor, params, request }) => {
  const run = await getRun(actor, params.id);
  return eventStreamResponse(request, (sink) => streamRunEvents(run.id, resumeAfter(request), sink));
});
