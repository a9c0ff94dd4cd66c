import { describe, expect, it } from "vitest";
import { prisma } from "../../db/client.ts";
import { AppError } from "../../errors.ts";
import { createTestActor } from "../../testing/factories.ts";
import { tokenActor } from "../actor.ts";
import { createApiToken } from "./create-api-token.ts";
import { revokeApiToken } from "./revoke-api-token.ts";

describe("revokeApiToken", () => {
  it("revokes the token so it no longer authenticates, once, with an audit event", async () => {
    const owner = await createTestActor("maintainer");
    const { token, record } = await createApiToken(owner, { name: "ci" });
    expect((await tokenActor(token))?.id).toBe(owner.id);

    await revokeApiToken(owner, record.id);
    const row = await prisma.apiToken.findUniqueOrThrow({ where: { id: record.id } });
    expect(row.revokedAt).toBeInstanceOf(Date);
    expect(await tokenActor(token)).toBeNull();

    await revokeApiToken(owner, record.id); // again: a no-op
    expect((await prisma.apiToken.findUniqueOrThrow({ where: { id: record.id } })).revokedAt).toEqual(row.revokedAt);
    const events = await prisma.auditEvent.findMany({ where: { targetType: "api_token", targetId: record.id }, orderBy: { id: "asc" } });
    expect(events.map((event) => [event.action, event.actorId])).toEqual([
      ["token.created", owner.id],
      ["token.revoked", owner.id],
    ]);
  });

  it("cannot revoke someone else's token, even as admin: not_found", async () => {
    const [owner, other] = await Promise.all([createTestActor("viewer"), createTestActor("maintainer")]);
    const { token, record } = await createApiToken(owner, { name: "mine" });
    for (const actor of [other, { ...other, role: "admin" as const }]) {
      const error = await revokeApiToken(actor, record.id).catch((error: unknown) => error);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("not_found");
    }
    expect((await prisma.apiToken.findUniqueOrThrow({ where: { id: record.id } })).revokedAt).toBeNull();
    expect((await tokenActor(token))?.id).toBe(owner.id);
  });

  it("answers not_found for an unknown token and unauthorized without an actor", async () => {
    const owner = await createTestActor("viewer");
    expect(((await revokeApiToken(owner, "no-such-token").catch((e: unknown) => e)) as AppError).code).toBe("not_found");
    expect(((await revokeApiToken(null, "no-such-token").catch((e: unknown) => e)) as AppError).code).toBe("unauthorized");
  });
});
