import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { nameConflict, withNameConflict } from "./name-conflict.ts";
import { parseInput } from "../validation.ts";
import { probeUpstream } from "./probe-upstream.ts";
import { repositoryConfiguration } from "./configuration.ts";
import type { RepositoryWithChecks } from "./queries.ts";
import { type RepositoryInput, repositoryInputSchema } from "./schema.ts";

/**
 * Changes a repository's configuration: the fields given replace theirs (the checks as a whole list),
 * the others keep their values.
 */
export async function updateRepository(actor: Actor | null, repositoryId: string, input: unknown) {
  requirePermission(actor, "repository.manage");
  const existing = await prisma.repository.findUnique({ where: { id: repositoryId }, include: { checks: { orderBy: { position: "asc" } } } });
  if (!existing) throw new AppError("not_found", "No such repository.");
  const given = typeof input === "object" && input !== null && !Array.isArray(input) ? input : {};
  const data = parseInput(repositoryInputSchema, { ...currentInput(existing), ...given });
  const sameName = await prisma.repository.findUnique({ where: { name: data.name }, select: { id: true } });
  if (sameName && sameName.id !== repositoryId) {
    throw nameConflict(data.name);
  }
  if (data.upstream !== existing.upstream || data.baseBranch !== existing.baseBranch) {
    await probeUpstream(data.upstream, data.baseBranch);
  }
  const { checks, ...fields } = data;
  return withNameConflict(data.name, () => prisma.$transaction(async (tx) => {
    await tx.checkCommand.deleteMany({ where: { repositoryId } });
    const repository = await tx.repository.update({
      where: { id: repositoryId },
      data: {
        setupCommand: null,
        ...fields,
        checks: { create: checks.map((check, position) => ({ ...check, position })) },
      },
      include: { checks: { orderBy: { position: "asc" } } },
    });
    await recordAuditEvent(tx, {
      actorId: actor.id,
      action: "repository.updated",
      targetType: "repository",
      targetId: repositoryId,
      data: { name: repository.name },
    });
    return repository;
  }));
}

/** The repository's configuration as an input that would set it as it is. */
function currentInput(repository: RepositoryWithChecks): RepositoryInput {
  return {
    ...repositoryConfiguration(repository),
    checks: repository.checks.map(({ name, command, required, timeoutSeconds, junitPath }) => ({ name, command, required, timeoutSeconds, ...(junitPath ? { junitPath } : {}) })),
  };
}
