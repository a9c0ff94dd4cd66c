import { apiRoute, json, readJson } from "@/lib/http/api-route";
import { resolveComment } from "@/lib/review/resolve-comment";

export const dynamic = "force-dynamic";

/** `{resolved: true|false}`: resolved comments are no longer sent to the agent. */
export const PATCH = apiRoute<{ id: string }>(async ({ actor, params, request }) => json(await resolveComment(actor, params.id, await readJson(request))));
