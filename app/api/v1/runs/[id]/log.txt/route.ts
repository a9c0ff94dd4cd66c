import { apiRoute } from "@/lib/http/api-route";
import { logTextResponse } from "@/lib/http/log-text";
import { getRun, runEventsAfter } from "@/lib/runs/queries";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => {
  const run = await getRun(actor, params.id);
  return logTextResponse((after, limit) => runEventsAfter(run.id, after, limit));
});
