import { describe, expect, it } from "vitest";
import { verifyPassword } from "../auth/password.ts";
import { prisma } from "../db/client.ts";
import { createTestUser, uniqueName, withAdminTurn } from "../testing/factories.ts";
import { ensureInitialAdmin } from "./ensure-initial-admin.ts";

// These tests need to know how many admins the shared database holds. withAdminTurn gives them a turn
// no other (cooperating) test interleaves with, and demotes every admin made during a turn afterwards,
// so at the start of a turn the database has no admin.
const NO_ADMIN = "no admin may exist outside withAdminTurn (a test made one without it?)";

describe("ensureInitialAdmin", () => {
  it("does nothing and returns null when an admin exists", () =>
    withAdminTurn(async () => {
      await createTestUser({ role: "admin" });
      const email = `${uniqueName("boss")}@example.test`;
      const eventsBefore = await prisma.auditEvent.count({ where: { action: "user.initial_admin" } });
      expect(await ensureInitialAdmin({ email, password: "password-123" })).toBeNull();
      expect(await ensureInitialAdmin({})).toBeNull();
      expect(await prisma.user.count({ where: { email } })).toBe(0);
      expect(await prisma.auditEvent.count({ where: { action: "user.initial_admin" } })).toBe(eventsBefore);
    }));

  it("counts a disabled admin as an admin", () =>
    withAdminTurn(async () => {
      const admin = await createTestUser({ role: "admin" });
      await prisma.user.update({ where: { id: admin.id }, data: { disabled: true } });
      expect(await ensureInitialAdmin({})).toBeNull();
    }));

  it("creates admin@localhost with a generated password when there is no admin", () =>
    withAdminTurn(async () => {
      expect(await prisma.user.count({ where: { role: "admin" } }), NO_ADMIN).toBe(0);
      await prisma.user.deleteMany({ where: { email: "admin@localhost" } });
      try {
        const result = await ensureInitialAdmin({});
        expect(result).toEqual({ email: "admin@localhost", generatedPassword: expect.stringMatching(/^[A-Za-z0-9_-]{16}$/) });
        const admin = await prisma.user.findUniqueOrThrow({ where: { email: "admin@localhost" } });
        expect(admin).toMatchObject({ role: "admin", disabled: false, name: "Administrator" });
        expect(await verifyPassword(result!.generatedPassword!, admin.passwordHash)).toBe(true);
        const events = await prisma.auditEvent.findMany({ where: { targetType: "user", targetId: admin.id } });
        expect(events).toEqual([expect.objectContaining({ actorId: null, action: "user.initial_admin" })]);

        // Once there is an admin, it is a no-op.
        expect(await ensureInitialAdmin({})).toBeNull();
        expect(await prisma.user.count({ where: { role: "admin" } })).toBe(1);
      } finally {
        await prisma.user.deleteMany({ where: { email: "admin@localhost" } });
      }
    }));

  it("uses the email (lower-cased) and password given, without generating one", () =>
    withAdminTurn(async () => {
      expect(await prisma.user.count({ where: { role: "admin" } }), NO_ADMIN).toBe(0);
      const email = `${uniqueName("Boss")}@Example.TEST`;
      const result = await ensureInitialAdmin({ email, password: "given-password" });
      expect(result).toEqual({ email: email.toLowerCase(), generatedPassword: null });
      const admin = await prisma.user.findUniqueOrThrow({ where: { email: email.toLowerCase() } });
      expect(admin.role).toBe("admin");
      expect(await verifyPassword("given-password", admin.passwordHash)).toBe(true);
      expect(await prisma.user.count({ where: { email: "admin@localhost", role: "admin" } })).toBe(0);
    }));

  it("promotes, re-enables and re-keys an existing user with the given email", () =>
    withAdminTurn(async () => {
      expect(await prisma.user.count({ where: { role: "admin" } }), NO_ADMIN).toBe(0);
      const existing = await createTestUser({ role: "viewer", name: "Old Name" });
      await prisma.user.update({ where: { id: existing.id }, data: { disabled: true, passwordHash: "scrypt$old" } });
      const result = await ensureInitialAdmin({ email: existing.email, password: "fresh-password" });
      expect(result).toEqual({ email: existing.email, generatedPassword: null });
      const admin = await prisma.user.findUniqueOrThrow({ where: { id: existing.id } });
      expect(admin).toMatchObject({ role: "admin", disabled: false, name: "Old Name" });
      expect(await verifyPassword("fresh-password", admin.passwordHash)).toBe(true);
    }));
});
