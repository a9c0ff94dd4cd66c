import { describe, expect, it } from "vitest";
import { prisma } from "../db/client.ts";
import { createTestUser } from "../testing/factories.ts";
import { actorOf } from "../testing/factories.ts";
import { generateApiToken } from "./api-tokens.ts";
import { requestActor, tokenActor } from "./actor.ts";
import { createApiToken } from "./tokens/create-api-token.ts";
import { revokeApiToken } from "./tokens/revoke-api-token.ts";

async function userWithToken(role: "viewer" | "operator" | "maintainer" = "operator") {
  const user = await createTestUser({ role, name: "Token Owner" });
  const { token, record } = await createApiToken(actorOf(user), { name: "test" });
  return { user, token, tokenId: record.id };
}

const request = (authorization?: string) =>
  new Request("http://localhost/api/v1/tasks", { headers: authorization === undefined ? {} : { authorization } });

describe("tokenActor", () => {
  it("resolves a token to its owner and marks it used", async () => {
    const { user, token, tokenId } = await userWithToken("maintainer");
    const before = Date.now();
    expect(await tokenActor(token)).toEqual({
      id: user.id,
      email: user.email,
      name: "Token Owner",
      role: "maintainer",
      token: { id: tokenId, name: "test", scopes: ["tasks:read", "tasks:write"] },
    });
    const row = await prisma.apiToken.findUniqueOrThrow({ where: { id: tokenId } });
    expect(row.lastUsedAt?.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it("records its use to the minute, as the token list shows it, without a write for every call", async () => {
    const { token, tokenId } = await userWithToken("maintainer");
    const recent = new Date(Date.now() - 30_000);
    await prisma.apiToken.update({ where: { id: tokenId }, data: { lastUsedAt: recent } });
    await tokenActor(token);
    expect((await prisma.apiToken.findUniqueOrThrow({ where: { id: tokenId } })).lastUsedAt).toEqual(recent);

    await prisma.apiToken.update({ where: { id: tokenId }, data: { lastUsedAt: new Date(Date.now() - 61_000) } });
    const before = Date.now();
    await tokenActor(token);
    expect((await prisma.apiToken.findUniqueOrThrow({ where: { id: tokenId } })).lastUsedAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it("reads the role fresh from the database", async () => {
    const { user, token } = await userWithToken("viewer");
    await prisma.user.update({ where: { id: user.id }, data: { role: "maintainer" } });
    expect((await tokenActor(token))?.role).toBe("maintainer");
  });

  it("is null for an unknown token", async () => {
    expect(await tokenActor(generateApiToken())).toBeNull();
    expect(await tokenActor("")).toBeNull();
  });

  it("is null once the token has expired", async () => {
    const { token, tokenId } = await userWithToken();
    expect(await tokenActor(token)).not.toBeNull();
    await prisma.apiToken.update({ where: { id: tokenId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await tokenActor(token)).toBeNull();
    await prisma.apiToken.update({ where: { id: tokenId }, data: { expiresAt: new Date(Date.now() + 60_000) } });
    expect(await tokenActor(token)).not.toBeNull();
  });

  it("is null for a revoked token", async () => {
    const { user, token, tokenId } = await userWithToken();
    await revokeApiToken(actorOf(user), tokenId);
    expect(await tokenActor(token)).toBeNull();
  });

  it("is null when the owner is disabled, and works again when re-enabled", async () => {
    const { user, token } = await userWithToken();
    await prisma.user.update({ where: { id: user.id }, data: { disabled: true } });
    expect(await tokenActor(token)).toBeNull();
    await prisma.user.update({ where: { id: user.id }, data: { disabled: false } });
    expect((await tokenActor(token))?.id).toBe(user.id);
  });

  it("does not accept the stored hash in place of the token", async () => {
    const { tokenId } = await userWithToken();
    const row = await prisma.apiToken.findUniqueOrThrow({ where: { id: tokenId } });
    expect(await tokenActor(row.tokenHash)).toBeNull();
  });
});

describe("requestActor", () => {
  it("authenticates `Authorization: Bearer <token>`, in any case and spacing", async () => {
    const { user, token } = await userWithToken();
    for (const header of [`Bearer ${token}`, `bearer ${token}`, `BEARER   ${token}  `]) {
      expect((await requestActor(request(header)))?.id, header).toBe(user.id);
    }
  });

  it("is null for a bearer token that is unknown, revoked, or malformed, and for other schemes", async () => {
    const { user, token, tokenId } = await userWithToken();
    await revokeApiToken(actorOf(user), tokenId);
    for (const header of [
      "Bearer bad",
      `Bearer ${generateApiToken()}`,
      `Bearer ${token}`,
      "Bearer",
      "Bearer ",
      `Bearer ${token} extra`,
      `Basic ${Buffer.from(`${user.email}:password`).toString("base64")}`,
      token,
    ]) {
      expect(await requestActor(request(header)), header).toBeNull();
    }
  });
});
