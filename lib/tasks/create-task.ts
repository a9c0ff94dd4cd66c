import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { isUniqueViolation } from "../db/errors.ts";
import { fieldError } from "../errors.ts";
import { parseInput } from "../validation.ts";
import { defaultBranch } from "./branch.ts";
import { openBranchKey } from "./open-branch-key.ts";
import { DEFAULT_ACCEPTANCE_CRITERIA, taskSpecSchema, type AcceptanceCriterion } from "./spec-schema.ts";

function defaultCriteria(checkNames: Set<string>): AcceptanceCriterion[] {
  return DEFAULT_ACCEPTANCE_CRITERIA.map(({ text, check }) => (checkNames.has(check) ? { text, check } : { text }));
}

export async function createTask(actor: Actor | null, input: unknown) {
  requirePermission(actor, "task.create");
  const spec = parseInput(taskSpecSchema, input);
  if (spec.agent.kind === "command") requirePermission(actor, "task.useCommandAgent");

  const repository = await prisma.repository.findUnique({
    where: { id: spec.repositoryId },
    include: { checks: { select: { name: true } } },
  });
  if (!repository) throw fieldError("repositoryId", "No such repository.", "not_found");

  const branch = spec.branch ?? defaultBranch(spec.name);
  if (!branch) throw fieldError("branch", "The name has no letters or digits to make a branch from; enter a branch.");
  if (branch === repository.baseBranch) {
    throw fieldError("branch", `The branch cannot be the base branch (${repository.baseBranch}).`);
  }

  const checkNames = new Set(repository.checks.map((check) => check.name));
  const criteria = spec.acceptanceCriteria ?? defaultCriteria(checkNames);
  criteria.forEach((criterion, index) => {
    if (criterion.check && !checkNames.has(criterion.check)) {
      const known = checkNames.size ? [...checkNames].join(", ") : "none";
      throw fieldError(
        `acceptanceCriteria.${index}.check`,
        `No check named "${criterion.check}" in ${repository.name} (checks: ${known}).`,
      );
    }
  });

  try {
    return await prisma.$transaction(async (tx) => {
      const task = await tx.task.create({
        data: {
          repositoryId: repository.id,
          authorId: actor.id,
          viaToken: actor.token?.name ?? null,
          name: spec.name,
          branch,
          openBranchKey: openBranchKey(repository.id, branch),
          goal: spec.goal,
          context: spec.context,
          files: spec.files,
          acceptanceCriteria: criteria,
          agent: spec.agent,
          timeoutSeconds: spec.timeoutSeconds,
          autoFixAttempts: spec.autoFixAttempts,
          budgetUsd: spec.budgetUsd ?? repository.taskBudgetUsd,
        },
      });
      await recordAuditEvent(tx, {
        actorId: actor.id,
        action: "task.created",
        targetType: "task",
        targetId: task.id,
        data: { name: task.name, branch, repositoryId: repository.id },
      });
      return task;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw fieldError("branch", `An open task in ${repository.name} already uses ${branch}.`, "conflict");
    }
    throw error;
  }
}

export type CreatedTask = Awaited<ReturnType<typeof createTask>>;
