import { checkDto } from "@/lib/checks/dto";
import { rerunChecks } from "@/lib/pipeline/rerun-checks";
import { apiRoute, json, readJson } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ id: string }>(async ({ actor, params, request }) => {
  const body = request.headers.get("content-length") === "0" || !request.body ? {} : await readJson(request);
  const checks = await rerunChecks(actor, params.id, body);
  return json({ items: checks.map(checkDto) }, 202);
});
