import { createApiToken } from "@/lib/auth/tokens/create-api-token";
import { listApiTokens } from "@/lib/auth/tokens/list-api-tokens";
import { apiRoute, json, readJson } from "@/lib/http/api-route";
import { tokenDto } from "@/lib/auth/tokens/dto";

export const dynamic = "force-dynamic";


export const GET = apiRoute(async ({ actor }) => json({ items: (await listApiTokens(actor)).map(tokenDto) }));

/** A new token of the caller's own; the plain token is in this answer only. */
export const POST = apiRoute(async ({ actor, request }) => {
  const { token, record } = await createApiToken(actor, await readJson(request));
  return json({ ...tokenDto({ ...record, lastUsedAt: null, revokedAt: null }), token }, 201);
});
