import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";

export async function listUsers(actor: Actor | null) {
  requirePermission(actor, "user.manage");
  return prisma.user.findMany({
    orderBy: { email: "asc" },
    select: { id: true, email: true, name: true, role: true, disabled: true, createdAt: true },
  });
}
