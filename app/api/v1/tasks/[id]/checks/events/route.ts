import { taskChecksOverview } from "@/lib/checks/queries";
import { streamTaskChecks } from "@/lib/checks/stream-task-checks";
import { eventStreamResponse } from "@/lib/http/event-stream";
import { apiRoute } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>(async ({ actor, params, request }) => {
  await taskChecksOverview(actor, params.id); // permission and existence answered as JSON, before the stream starts
  return eventStreamResponse(request, (sink) => streamTaskChecks(actor, params.id, sink));
});
