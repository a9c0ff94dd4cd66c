import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { AppError } from "../errors.ts";

const withChecks = { checks: { orderBy: { position: "asc" } } } as const;

export async function listRepositories(actor: Actor | null) {
  requirePermission(actor, "repository.view");
  return prisma.repository.findMany({ orderBy: { name: "asc" }, include: withChecks });
}

export async function getRepository(actor: Actor | null, repositoryId: string) {
  requirePermission(actor, "repository.view");
  const repository = await prisma.repository.findUnique({ where: { id: repositoryId }, include: withChecks });
  if (!repository) throw new AppError("not_found", "No such repository.");
  return repository;
}

export type RepositoryWithChecks = Awaited<ReturnType<typeof getRepository>>;
