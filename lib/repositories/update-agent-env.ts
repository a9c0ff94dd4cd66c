import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { parseInput } from "../validation.ts";

const RESERVED = new Set(["PATH", "HOME", "LANG", "TERM", "ORCH_PROMPT_FILE"]);

export const agentEnvSchema = z.object({
  variables: z
    .record(
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, "Variable names are letters, digits and _, not starting with a digit"),
      z.string().max(10_000, "A value is at most 10,000 characters").refine((value) => !value.includes("\u0000"), "A value cannot contain NUL"),
    )
    .refine((variables) => Object.keys(variables).every((name) => !RESERVED.has(name)), `PATH, HOME, LANG, TERM and ORCH_PROMPT_FILE are set by the sandbox`)
    .refine((variables) => Object.keys(variables).length <= 50, "At most 50 variables"),
});

/**
 * Replaces the variables a repository's agents receive (model API keys and the like). Admins only:
 * these are the one way a secret reaches a sandbox, and they are never shown back, only their names.
 */
export async function updateAgentEnv(actor: Actor | null, repositoryId: string, input: unknown) {
  requirePermission(actor, "settings.manage");
  const { variables } = parseInput(agentEnvSchema, input);
  if (!(await prisma.repository.findUnique({ where: { id: repositoryId }, select: { id: true } }))) {
    throw new AppError("not_found", "No such repository.");
  }
  await prisma.$transaction(async (tx) => {
    await tx.repository.update({ where: { id: repositoryId }, data: { agentEnv: variables } });
    await recordAuditEvent(tx, {
      actorId: actor.id,
      action: "repository.agent_env_updated",
      targetType: "repository",
      targetId: repositoryId,
      data: { names: Object.keys(variables) },
    });
  });
  return { names: Object.keys(variables) };
}
