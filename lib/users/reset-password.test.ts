import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { verifyPassword } from "../auth/password.ts";
import { prisma } from "../db/client.ts";
import { createTestUser, withAdminTurn } from "../testing/factories.ts";

const run = promisify(execFile);
const admin = (args: string[], input?: string) => {
  const child = run(process.execPath, ["--import", "tsx", "scripts/admin.ts", ...args], { env: process.env });
  if (input !== undefined) child.child.stdin!.end(input);
  else child.child.stdin!.end();
  return child;
};

// An admin, made in an admin turn: outside the turns the database holds none (ensureInitialAdmin's tests count them).
it("npm run admin -- reset-password prints a new random password that signs in, and re-enables the account", () => withAdminTurn(async () => {
  const user = await createTestUser({ role: "admin", password: "old-password-1" });
  await prisma.user.update({ where: { id: user.id }, data: { disabled: true } });
  const { stdout } = await admin(["reset-password", "--email", user.email.toUpperCase()]);
  const password = stdout.trim().split("\n").at(-1)!;
  expect(password).toMatch(/^[\w-]{16}$/);
  const after = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
  expect(await verifyPassword(password, after.passwordHash)).toBe(true);
  expect(await verifyPassword("old-password-1", after.passwordHash)).toBe(false);
  expect(after.disabled).toBe(false);
  expect(await prisma.auditEvent.count({ where: { action: "user.password_reset", targetId: user.id } })).toBe(1);
}), 60_000);

it("takes the password from stdin, refuses a short one and an unknown email, changing nothing", async () => {
  const user = await createTestUser({ role: "operator", password: "old-password-1" });
  await admin(["reset-password", "--email", user.email, "--password-stdin"], "chosen-password-9\n");
  expect(await verifyPassword("chosen-password-9", (await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash)).toBe(true);

  await expect(admin(["reset-password", "--email", user.email, "--password-stdin"], "short\n")).rejects.toMatchObject({ stderr: expect.stringMatching(/at least 8/) });
  await expect(admin(["reset-password", "--email", "nobody@example.test"])).rejects.toMatchObject({ stderr: expect.stringContaining("No user with email nobody@example.test.") });
  await expect(admin(["reset-pass"])).rejects.toMatchObject({ stderr: expect.stringContaining("usage: npm run admin") });
  expect(await verifyPassword("chosen-password-9", (await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash)).toBe(true);
}, 60_000);
