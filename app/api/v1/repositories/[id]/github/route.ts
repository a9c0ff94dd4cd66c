import { apiRoute, json, readJson } from "@/lib/http/api-route";
import { updateGithubConnection } from "@/lib/repositories/update-github-connection";

export const dynamic = "force-dynamic";

/** Connects the repository to GitHub (admin): `{owner, repo, token?, apiUrl?, openDraftPullRequest?}`. */
export const PUT = apiRoute<{ id: string }>(async ({ actor, params, request }) => json(await updateGithubConnection(actor, params.id, await readJson(request))));

/** Disconnects it (admin): the token is deleted. */
export const DELETE = apiRoute<{ id: string }>(async ({ actor, params }) => json(await updateGithubConnection(actor, params.id, null)));
