import { apiRoute, json, readJson } from "@/lib/http/api-route";
import { updateAgentEnv } from "@/lib/repositories/update-agent-env";

export const dynamic = "force-dynamic";

/** Replaces the variables handed to this repository's agents; the answer names them, never their values. */
export const PUT = apiRoute<{ id: string }>(async ({ actor, params, request }) => json(await updateAgentEnv(actor, params.id, await readJson(request))));
