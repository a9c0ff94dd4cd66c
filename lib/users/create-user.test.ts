import { describe, expect, it } from "vitest";
import { verifyPassword } from "../auth/password.ts";
import { prisma } from "../db/client.ts";
import { createTestActor, uniqueName, withAdminTurn } from "../testing/factories.ts";
import { createUser } from "./create-user.ts";
import { rejection } from "../testing/rejection.ts";

const email = () => `${uniqueName("new")}@example.test`;

describe("createUser", () => {
  it("lets an admin create a user with a hashed password, and records it", () =>
    withAdminTurn(async () => {
      const admin = await createTestActor("admin");
      const address = email();
      const user = await createUser(admin, {
        email: `  ${address.toUpperCase()} `,
        password: "s3cret-password",
        role: "operator",
        name: "  Ada  ",
      });
      expect(user).toEqual({
        id: expect.any(String),
        email: address,
        name: "Ada",
        role: "operator",
        disabled: false,
        createdAt: expect.any(Date),
      });
      expect(user).not.toHaveProperty("passwordHash");

      const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
      expect(row.passwordHash).not.toContain("s3cret-password");
      expect(await verifyPassword("s3cret-password", row.passwordHash)).toBe(true);

      const events = await prisma.auditEvent.findMany({ where: { targetType: "user", targetId: user.id } });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ actorId: admin.id, action: "user.created", data: { email: address, role: "operator" } });
    }));

  it("makes viewers by default", () =>
    withAdminTurn(async () => {
      const admin = await createTestActor("admin");
      const user = await createUser(admin, { email: email(), password: "password-1" });
      expect(user.role).toBe("viewer");
      expect(user.name).toBeNull();
    }));

  it("rejects an email already in use, whatever its case, as a conflict", () =>
    withAdminTurn(async () => {
      const admin = await createTestActor("admin");
      const address = email();
      await createUser(admin, { email: address, password: "password-1" });
      const error = await rejection(createUser(admin, { email: address.toUpperCase(), password: "password-2", role: "admin" }));
      expect(error.code).toBe("conflict");
      expect(error.status).toBe(409);
      expect(error.fields?.email).toContain(address);
      const rows = await prisma.user.findMany({ where: { email: address } });
      expect(rows.map((row) => row.role)).toEqual(["viewer"]);
    }));

  it("rejects bad input with a message per field", () =>
    withAdminTurn(async () => {
      const admin = await createTestActor("admin");
      const badRole = await rejection(createUser(admin, { email: email(), password: "password-1", role: "superuser" }));
      expect(badRole.code).toBe("validation_failed");
      expect(badRole.status).toBe(422);
      expect(badRole.fields).toEqual({ role: "Role must be one of viewer, operator, maintainer, admin" });

      const badRest = await rejection(createUser(admin, { email: "not-an-email", password: "short" }));
      expect(badRest.fields).toEqual({ email: "Enter a valid email address", password: "Password must be at least 8 characters" });

      const missing = await rejection(createUser(admin, {}));
      expect(Object.keys(missing.fields ?? {}).sort()).toEqual(["email", "password"]);
    }));

  it.each(["maintainer", "operator", "viewer"] as const)("refuses a %s and stores nothing", async (role) => {
    const actor = await createTestActor(role);
    const address = email();
    const error = await rejection(createUser(actor, { email: address, password: "password-1", role: "admin" }));
    expect(error.code).toBe("forbidden");
    expect(await prisma.user.count({ where: { email: address } })).toBe(0);
  });

  it("refuses anonymous callers", async () => {
    const error = await rejection(createUser(null, { email: email(), password: "password-1" }));
    expect(error.code).toBe("unauthorized");
  });
});
