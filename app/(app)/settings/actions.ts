"use server";

import { revalidatePath } from "next/cache";
import { sessionActor } from "@/lib/auth/actor";
import { createApiToken } from "@/lib/auth/tokens/create-api-token";
import { revokeApiToken } from "@/lib/auth/tokens/revoke-api-token";
import { actionResult } from "@/lib/http/action-result";

/** Creates a personal API token; the plain token is in the answer this once only. */
export async function createTokenAction(input: { name: string; scopes: string[]; expiresAt: string | null }) {
  const actor = await sessionActor();
  return actionResult(async () => {
    const { token, record } = await createApiToken(actor, input);
    revalidatePath("/settings");
    return { token, id: record.id, name: record.name, prefix: record.prefix };
  });
}

export async function revokeTokenAction(tokenId: string) {
  const actor = await sessionActor();
  return actionResult(async () => {
    await revokeApiToken(actor, String(tokenId));
    revalidatePath("/settings");
    return null;
  });
}
