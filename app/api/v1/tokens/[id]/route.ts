import { revokeApiToken } from "@/lib/auth/tokens/revoke-api-token";
import { apiRoute, json } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

export const DELETE = apiRoute<{ id: string }>(async ({ actor, params }) => {
  await revokeApiToken(actor, params.id);
  return json({ id: params.id, revoked: true });
});
