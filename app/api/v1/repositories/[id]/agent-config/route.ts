import { apiRoute, json, readJson } from "@/lib/http/api-route";
import { updateAgentConfig } from "@/lib/repositories/agent-config";

export const dynamic = "force-dynamic";

/** Replaces the configuration files written into the HOME of this repository's agents, by agent kind. */
export const PUT = apiRoute<{ id: string }>(async ({ actor, params, request }) => json(await updateAgentConfig(actor, params.id, await readJson(request))));
