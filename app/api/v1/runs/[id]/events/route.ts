import { eventStreamResponse } from "@/lib/http/event-stream";
import { apiRoute } from "@/lib/http/api-route";
import { streamRunEvents } from "@/lib/runs/logs/stream-run-events";
import { getRun } from "@/lib/runs/queries";

export const dynamic = "force-dynamic";

function resumeAfter(request: Request): number {
  const value = request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("after") ?? "0";
  const seq = Number.parseInt(value, 10);
  return Number.isFinite(seq) && seq > 0 ? seq : 0;
}

export const GET = apiRoute<{ id: string }>(async ({ actor, params, request }) => {
  const run = await getRun(actor, params.id);
  return eventStreamResponse(request, (sink) => streamRunEvents(run.id, resumeAfter(request), sink));
});
