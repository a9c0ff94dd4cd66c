import { checkEventsAfter, getCheckRun } from "@/lib/checks/queries";
import { apiRoute } from "@/lib/http/api-route";
import { logTextResponse } from "@/lib/http/log-text";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => {
  const check = await getCheckRun(actor, params.id);
  return logTextResponse((after, limit) => checkEventsAfter(check.id, after, limit));
});
