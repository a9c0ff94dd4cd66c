import { randomBytes } from "node:crypto";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { hashPassword } from "../auth/password.ts";
import { prisma } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { parseInput } from "../validation.ts";
import { passwordSchema } from "./schema.ts";

/**
 * Sets a new password for a user, from the machine's shell (`npm run admin -- reset-password`): whoever
 * can run it owns the installation anyway, so no actor is asked. Without a password, a random one is
 * made and returned once, to be printed. Re-enables the account: the way back in for a locked-out admin.
 */
export async function resetPassword(email: string, password?: string): Promise<{ email: string; generatedPassword: string | null }> {
  const chosen = password === undefined ? null : parseInput(passwordSchema, password);
  const user = await prisma.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!user) throw new AppError("not_found", `No user with email ${email}.`);
  const generatedPassword = chosen === null ? randomBytes(12).toString("base64url") : null;
  const passwordHash = await hashPassword(chosen ?? generatedPassword!);
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, disabled: false } });
    await recordAuditEvent(tx, { actorId: null, action: "user.password_reset", targetType: "user", targetId: user.id, data: { from: "shell" } });
  });
  return { email: user.email, generatedPassword };
}
