import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { parseInput } from "../validation.ts";
import { userChangeSchema } from "./schema.ts";

/**
 * Changes a user's role or disables them; the last active admin can be neither demoted nor disabled,
 * and nobody disables their own account.
 */
export async function updateUser(actor: Actor | null, userId: string, input: unknown) {
  requirePermission(actor, "user.manage");
  const change = parseInput(userChangeSchema, input);
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) throw new AppError("not_found", "No such user.");
    const losesAdmin =
      user.role === "admin" && !user.disabled && ((change.role && change.role !== "admin") || change.disabled);
    if (losesAdmin) {
      // Lock the active admins so two admins demoting each other at once cannot both pass the count.
      await tx.$queryRaw`SELECT id FROM "User" WHERE role = 'admin' AND disabled = false FOR UPDATE`;
      const otherAdmins = await tx.user.count({ where: { role: "admin", disabled: false, id: { not: userId } } });
      if (otherAdmins === 0) throw new AppError("conflict", "This is the last active admin: make another admin first.");
    }
    if (change.disabled && userId === actor.id) throw new AppError("conflict", "You cannot disable your own account: ask another admin.");
    const updated = await tx.user.update({
      where: { id: userId },
      data: change,
      select: { id: true, email: true, name: true, role: true, disabled: true, createdAt: true },
    });
    await recordAuditEvent(tx, {
      actorId: actor.id,
      action: "user.updated",
      targetType: "user",
      targetId: userId,
      data: { before: { role: user.role, disabled: user.disabled }, after: change },
    });
    return updated;
  });
}
