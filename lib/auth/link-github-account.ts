import { prisma } from "../db/client.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";

/**
 * Finds the local user behind a GitHub identity: the linked one, else the user with the same
 * verified email (linked now), else a new viewer. Disabled users are refused.
 */
export async function linkGitHubAccount(identity: {
  providerAccountId: string;
  email: string | null;
  name: string | null;
}): Promise<{ id: string } | null> {
  const account = await prisma.account.findUnique({
    where: { provider_providerAccountId: { provider: "github", providerAccountId: identity.providerAccountId } },
    include: { user: true },
  });
  if (account) return account.user.disabled ? null : { id: account.userId };
  if (!identity.email) return null;
  const email = identity.email.toLowerCase();
  return prisma.$transaction(async (tx) => {
    const user =
      (await tx.user.findUnique({ where: { email } })) ??
      (await tx.user.create({ data: { email, name: identity.name, role: "viewer" } }));
    if (user.disabled) return null;
    await tx.account.create({
      data: { userId: user.id, provider: "github", providerAccountId: identity.providerAccountId },
    });
    await recordAuditEvent(tx, {
      actorId: user.id,
      action: "user.github_linked",
      targetType: "user",
      targetId: user.id,
    });
    return { id: user.id };
  });
}
