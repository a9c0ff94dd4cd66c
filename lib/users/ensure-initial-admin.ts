import { randomBytes } from "node:crypto";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { hashPassword } from "../auth/password.ts";
import { prisma } from "../db/client.ts";

/**
 * On an installation without any admin, creates the first one: ADMIN_EMAIL/ADMIN_PASSWORD when given,
 * otherwise admin@localhost with a random password that is returned once, to be printed.
 */
export async function ensureInitialAdmin(config: { email?: string; password?: string }) {
  if ((await prisma.user.count({ where: { role: "admin" } })) > 0) return null;
  const email = (config.email ?? "admin@localhost").toLowerCase();
  const generatedPassword = config.password ? null : randomBytes(12).toString("base64url");
  const passwordHash = await hashPassword(config.password ?? generatedPassword!);
  const admin = await prisma.$transaction(async (tx) => {
    const user = await tx.user.upsert({
      where: { email },
      create: { email, role: "admin", passwordHash, name: "Administrator" },
      update: { role: "admin", passwordHash, disabled: false },
    });
    await recordAuditEvent(tx, { actorId: null, action: "user.initial_admin", targetType: "user", targetId: user.id });
    return user;
  });
  return { email: admin.email, generatedPassword };
}
