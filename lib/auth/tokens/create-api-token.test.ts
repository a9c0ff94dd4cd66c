import { describe, expect, it } from "vitest";
import { prisma } from "../../db/client.ts";
import { AppError } from "../../errors.ts";
import { createTestActor } from "../../testing/factories.ts";
import { hashApiToken } from "../api-tokens.ts";
import { createApiToken } from "./create-api-token.ts";
import { createHash } from "node:crypto";

describe("createApiToken", () => {
  it("returns the token once and stores only its sha256", async () => {
    const viewer = await createTestActor("viewer");
    const { token, record } = await createApiToken(viewer, { name: "  laptop  " });
    expect(token).toMatch(/^co_[A-Za-z0-9_-]{43}$/);
    // A viewer's role reaches only the read scope of the defaults.
    expect(record).toEqual({ id: expect.any(String), name: "laptop", prefix: token.slice(0, 9), scopes: ["tasks:read"], expiresAt: null, createdAt: expect.any(Date) });

    const row = await prisma.apiToken.findUniqueOrThrow({ where: { id: record.id } });
    const sha256 = createHash("sha256").update(token).digest("hex");
    expect(row.tokenHash).toBe(sha256);
    expect(hashApiToken(token)).toBe(sha256);
    expect(row).toMatchObject({ userId: viewer.id, name: "laptop", prefix: token.slice(0, 9), lastUsedAt: null, revokedAt: null });
    // The token itself is in no column: only a display prefix (shorter than the token) is.
    for (const [column, value] of Object.entries(row)) {
      if (typeof value === "string") expect(value.includes(token), column).toBe(false);
    }
    expect(JSON.stringify(row)).not.toContain(token.slice(9));

    const events = await prisma.auditEvent.findMany({ where: { targetType: "api_token", targetId: record.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: viewer.id, action: "token.created" });
    expect(JSON.stringify(events[0]!.data ?? null)).not.toContain(token.slice(9));
  });

  it("makes a different token every time", async () => {
    const viewer = await createTestActor("viewer");
    const [first, second] = await Promise.all([createApiToken(viewer, { name: "a" }), createApiToken(viewer, { name: "a" })]);
    expect(first.token).not.toBe(second.token);
    expect(first.record.id).not.toBe(second.record.id);
  });

  it("requires a name of at most 100 characters", async () => {
    const viewer = await createTestActor("viewer");
    for (const input of [{}, { name: "   " }, { name: "n".repeat(101) }, null]) {
      const error = await createApiToken(viewer, input).catch((error: unknown) => error);
      expect(error, JSON.stringify(input)).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("validation_failed");
    }
    expect(await prisma.apiToken.count({ where: { userId: viewer.id } })).toBe(0);
  });

  it("needs a signed-in user", async () => {
    const error = await createApiToken(null, { name: "x" }).catch((error: unknown) => error);
    expect((error as AppError).code).toBe("unauthorized");
  });

  it("gives new tokens read and write by default, chosen scopes within the role, and an optional expiry", async () => {
    const operator = await createTestActor("operator");
    expect((await createApiToken(operator, { name: "default" })).record.scopes).toEqual(["tasks:read", "tasks:write"]);
    const maintainer = await createTestActor("maintainer");
    const chosen = await createApiToken(maintainer, { name: "m", scopes: ["merge", "tasks:read", "merge"], expiresAt: "2999-01-31" });
    expect(chosen.record).toMatchObject({ scopes: ["tasks:read", "merge"], expiresAt: new Date("2999-01-31T23:59:59.999Z") });
    const exact = await createApiToken(maintainer, { name: "t", scopes: ["tasks:read"], expiresAt: "2999-01-31T12:00:00+02:00" });
    expect(exact.record.expiresAt).toEqual(new Date("2999-01-31T10:00:00Z"));
  });

  it("refuses scopes beyond the role or the token making it, unknown scopes and past expiries, and stores nothing", async () => {
    const operator = await createTestActor("operator");
    const refusal = async (actor: typeof operator, input: unknown) => {
      const error = await createApiToken(actor, input).catch((error: unknown) => error);
      expect(error, JSON.stringify(input)).toBeInstanceOf(AppError);
      return (error as AppError).fields;
    };
    expect(await refusal(operator, { name: "x", scopes: ["tasks:read", "merge"] })).toEqual({
      scopes: "A token cannot do more than your role (operator): merge is beyond it.",
    });
    expect(Object.keys((await refusal(operator, { name: "x", scopes: ["deploy"] }))!)).toEqual(["scopes.0"]);
    expect(await refusal(operator, { name: "x", scopes: [] })).toEqual({ scopes: "Choose at least one scope" });
    expect(await refusal(operator, { name: "x", expiresAt: "2001-01-01" })).toEqual({ expiresAt: "Expiry must be in the future" });
    expect(Object.keys((await refusal(operator, { name: "x", expiresAt: "next week" }))!)).toEqual(["expiresAt"]);
    // A maintainer, not an admin: admins appear only inside withAdminTurn (ensureInitialAdmin's tests count them).
    const maintainer = await createTestActor("maintainer");
    const viaToken = { ...maintainer, token: { id: "t", name: "narrow", scopes: ["tasks:read", "admin"] as const } };
    expect(await refusal(viaToken, { name: "x", scopes: ["merge"] })).toEqual({
      scopes: 'A token cannot do more than the token "narrow" making it: merge is beyond it.',
    });
    expect(await prisma.apiToken.count({ where: { userId: { in: [operator.id, maintainer.id] } } })).toBe(0);
  });
});
