import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { hashPassword } from "../auth/password.ts";
import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { isUniqueViolation } from "../db/errors.ts";
import { fieldError } from "../errors.ts";
import { parseInput } from "../validation.ts";
import { newUserSchema } from "./schema.ts";

export async function createUser(actor: Actor | null, input: unknown) {
  requirePermission(actor, "user.manage");
  const data = parseInput(newUserSchema, input);
  const passwordHash = await hashPassword(data.password);
  try {
    return await prisma.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: data.email, name: data.name, role: data.role, passwordHash },
        select: { id: true, email: true, name: true, role: true, disabled: true, createdAt: true },
      });
      await recordAuditEvent(tx, {
        actorId: actor.id,
        action: "user.created",
        targetType: "user",
        targetId: user.id,
        data: { email: user.email, role: user.role },
      });
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw fieldError("email", `A user with email ${data.email} already exists.`, "conflict");
    throw error;
  }
}
