import { describe, expect, it } from "vitest";
import { prisma } from "../../db/client.ts";
import { AppError } from "../../errors.ts";
import { createTestActor } from "../../testing/factories.ts";
import { createApiToken } from "./create-api-token.ts";
import { listApiTokens } from "./list-api-tokens.ts";

describe("listApiTokens", () => {
  it("lists the actor's own tokens, newest first, without their hashes", async () => {
    const [owner, other] = await Promise.all([createTestActor("operator"), createTestActor("operator")]);
    const older = await createApiToken(owner, { name: "older" });
    await prisma.apiToken.update({ where: { id: older.record.id }, data: { createdAt: new Date(Date.now() - 60_000) } });
    const newer = await createApiToken(owner, { name: "newer" });
    await createApiToken(other, { name: "someone else's" });

    const tokens = await listApiTokens(owner);
    expect(tokens.map((token) => token.id)).toEqual([newer.record.id, older.record.id]);
    for (const token of tokens) {
      expect(Object.keys(token).sort()).toEqual(["createdAt", "expiresAt", "id", "lastUsedAt", "name", "prefix", "revokedAt", "scopes"]);
    }
  });

  it("needs a signed-in user", async () => {
    const error = await listApiTokens(null).catch((error: unknown) => error);
    expect((error as AppError).code).toBe("unauthorized");
  });
});
