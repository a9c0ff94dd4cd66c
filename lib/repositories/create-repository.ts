import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { nameConflict, withNameConflict } from "./name-conflict.ts";
import { parseInput } from "../validation.ts";
import { probeUpstream } from "./probe-upstream.ts";
import { repositoryInputSchema } from "./schema.ts";

export async function createRepository(actor: Actor | null, input: unknown) {
  requirePermission(actor, "repository.manage");
  const data = parseInput(repositoryInputSchema, input);
  if (await prisma.repository.findUnique({ where: { name: data.name }, select: { id: true } })) {
    throw nameConflict(data.name);
  }
  await probeUpstream(data.upstream, data.baseBranch);
  const { checks, ...fields } = data;
  return withNameConflict(data.name, () => prisma.$transaction(async (tx) => {
    const repository = await tx.repository.create({
      data: {
        ...fields,
        createdById: actor.id,
        checks: { create: checks.map((check, position) => ({ ...check, position })) },
      },
      include: { checks: { orderBy: { position: "asc" } } },
    });
    await recordAuditEvent(tx, {
      actorId: actor.id,
      action: "repository.created",
      targetType: "repository",
      targetId: repository.id,
      data: { name: repository.name, upstream: repository.upstream },
    });
    return repository;
  }));
}
