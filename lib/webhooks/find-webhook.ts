import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { AppError } from "../errors.ts";

/** A subscription the actor may manage: a repository's for a maintainer, an installation-wide one for an admin. */
export async function findManagedWebhook(actor: Actor | null, id: string) {
  requirePermission(actor, "webhook.manage");
  const subscription = await prisma.webhookSubscription.findUnique({ where: { id } });
  if (!subscription) throw new AppError("not_found", "No such webhook.");
  if (!subscription.repositoryId) requirePermission(actor, "settings.manage");
  return subscription;
}
