import { createApiToken } from "@/lib/auth/tokens/create-api-token";
import { listApiTokens } from "@/lib/auth/tokens/list-api-tokens";
import { apiRoute, json, readJson } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

const tokenDto = (token: { id: string; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null }) => ({
  id: token.id,
  name: token.name,
  prefix: token.prefix,
  createdAt: token.createdAt.toISOString(),
  lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
  revokedAt: token.revokedAt?.toISOString() ?? null,
});

export const GET = apiRoute(async ({ actor }) => json({ items: (await listApiTokens(actor)).map(tokenDto) }));

/** A new token of the caller's own; the plain token is in this answer only. */
export const POST = apiRoute(async ({ actor, request }) => {
  const { token, record } = await createApiToken(actor, await readJson(request));
  return json({ ...tokenDto({ ...record, lastUsedAt: null, revokedAt: null }), token }, 201);
});
