import { describe, expect, it } from "vitest";
import { prisma } from "../db/client.ts";
import { actorOf, createTestActor, createTestUser, withAdminTurn } from "../testing/factories.ts";
import { updateUser } from "./update-user.ts";
import { rejection } from "../testing/rejection.ts";

const activeAdmins = () => prisma.user.count({ where: { role: "admin", disabled: false } });

describe("updateUser", () => {
  it("changes a role and records before and after", () =>
    withAdminTurn(async () => {
      const admin = await createTestActor("admin");
      const user = await createTestUser({ role: "viewer" });
      const updated = await updateUser(admin, user.id, { role: "maintainer" });
      expect(updated).toMatchObject({ id: user.id, role: "maintainer", disabled: false });
      expect(updated).not.toHaveProperty("passwordHash");
      expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe("maintainer");
      const events = await prisma.auditEvent.findMany({ where: { targetType: "user", targetId: user.id } });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        actorId: admin.id,
        action: "user.updated",
        data: { before: { role: "viewer", disabled: false }, after: { role: "maintainer" } },
      });
    }));

  it("disables and re-enables a user", () =>
    withAdminTurn(async () => {
      const admin = await createTestActor("admin");
      const user = await createTestUser({ role: "operator" });
      expect((await updateUser(admin, user.id, { disabled: true })).disabled).toBe(true);
      expect((await updateUser(admin, user.id, { disabled: false })).disabled).toBe(false);
    }));

  it("cannot demote or disable the last active admin", () =>
    withAdminTurn(async () => {
      expect(await activeAdmins(), "no other test may hold an active admin outside withAdminTurn").toBe(0);
      const admin = await createTestUser({ role: "admin" });
      // A disabled admin is no admin for this purpose.
      await createTestUser({ role: "admin" }).then((other) => prisma.user.update({ where: { id: other.id }, data: { disabled: true } }));

      for (const change of [{ role: "maintainer" }, { role: "viewer" }, { disabled: true }, { role: "admin", disabled: true }]) {
        const error = await rejection(updateUser(actorOf(admin), admin.id, change));
        expect(error.code, JSON.stringify(change)).toBe("conflict");
        expect(error.status).toBe(409);
        expect(error.message).toMatch(/last active admin/);
      }
      const unchanged = await prisma.user.findUniqueOrThrow({ where: { id: admin.id } });
      expect(unchanged).toMatchObject({ role: "admin", disabled: false });
      expect(await prisma.auditEvent.count({ where: { targetType: "user", targetId: admin.id } })).toBe(0);

      // Keeping the role, or re-enabling, is no loss of an admin.
      expect((await updateUser(actorOf(admin), admin.id, { role: "admin" })).role).toBe("admin");
      expect((await updateUser(actorOf(admin), admin.id, { disabled: false })).disabled).toBe(false);
    }));

  it("never lets an admin disable their own account", () =>
    withAdminTurn(async () => {
      const [admin] = await Promise.all([createTestUser({ role: "admin" }), createTestUser({ role: "admin" })]);
      const error = await rejection(updateUser(actorOf(admin!), admin!.id, { disabled: true }));
      expect(error).toMatchObject({ status: 409, message: "You cannot disable your own account: ask another admin." });
      expect((await prisma.user.findUniqueOrThrow({ where: { id: admin!.id } })).disabled).toBe(false);
    }));

  it("lets an admin step down once another active admin exists", () =>
    withAdminTurn(async () => {
      expect(await activeAdmins(), "no other test may hold an active admin outside withAdminTurn").toBe(0);
      const first = await createTestUser({ role: "admin" });
      const second = await createTestUser({ role: "admin" });
      const demoted = await updateUser(actorOf(first), first.id, { role: "operator" });
      expect(demoted.role).toBe("operator");
      // Now `second` is the last one.
      const error = await rejection(updateUser(actorOf(second), second.id, { disabled: true }));
      expect(error.code).toBe("conflict");
    }));

  it("keeps an active admin when two admins demote each other at the same moment", () =>
    withAdminTurn(async () => {
      expect(await activeAdmins(), "no other test may hold an active admin outside withAdminTurn").toBe(0);
      // A race does not lose every time, so try a few pairs: each must end with an admin left.
      for (let attempt = 0; attempt < 5; attempt++) {
        const [first, second] = await Promise.all([createTestUser({ role: "admin" }), createTestUser({ role: "admin" })]);
        const results = await Promise.allSettled([
          updateUser(actorOf(first), second.id, { role: "viewer" }),
          updateUser(actorOf(second), first.id, { role: "viewer" }),
        ]);
        expect(await activeAdmins(), `attempt ${attempt}: ${results.map((result) => result.status).join(", ")}`).toBe(1);
        await prisma.user.updateMany({ where: { id: { in: [first.id, second.id] } }, data: { role: "viewer" } });
      }
    }));

  it("lets the last active admin demote a disabled admin", () =>
    withAdminTurn(async () => {
      expect(await activeAdmins(), "no other test may hold an active admin outside withAdminTurn").toBe(0);
      const admin = await createTestUser({ role: "admin" });
      const disabledAdmin = await prisma.user.update({
        where: { id: (await createTestUser({ role: "admin" })).id },
        data: { disabled: true },
      });
      expect((await updateUser(actorOf(admin), disabledAdmin.id, { role: "viewer" })).role).toBe("viewer");
    }));

  it("rejects an empty change and an unknown role", () =>
    withAdminTurn(async () => {
      const admin = await createTestActor("admin");
      const user = await createTestUser();
      const empty = await rejection(updateUser(admin, user.id, {}));
      expect(empty.code).toBe("validation_failed");
      expect(empty.fields).toEqual({ _: "Nothing to change" });
      const badRole = await rejection(updateUser(admin, user.id, { role: "root" }));
      expect(badRole.fields).toHaveProperty("role");
    }));

  it("answers not_found for an unknown user", () =>
    withAdminTurn(async () => {
      const admin = await createTestActor("admin");
      expect((await rejection(updateUser(admin, "no-such-user", { role: "viewer" }))).code).toBe("not_found");
    }));

  it("refuses anyone but an admin", async () => {
    const maintainer = await createTestActor("maintainer");
    const user = await createTestUser();
    expect((await rejection(updateUser(maintainer, user.id, { role: "maintainer" }))).code).toBe("forbidden");
    expect((await rejection(updateUser(null, user.id, { role: "maintainer" }))).code).toBe("unauthorized");
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe("viewer");
  });
});
