import { apiRoute } from "@/lib/http/api-route";
import { eventStreamResponse } from "@/lib/http/event-stream";
import { streamTaskSnapshot } from "@/lib/pipeline/stream-task-snapshot";
import { taskState } from "@/lib/pipeline/task-snapshot";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>(async ({ actor, params, request }) => {
  await taskState(actor, params.id); // permission and existence answered as JSON, before the stream starts
  return eventStreamResponse(request, (sink) => streamTaskSnapshot(actor, params.id, sink));
});
