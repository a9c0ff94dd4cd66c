import type { Prisma } from "../generated/prisma/client.ts";
import { linkedCheckNames } from "./linked-checks.ts";

export const SUPERSEDED = "Superseded: the branch has a newer head.";

/**
 * Queues the repository's checks for a new head of the task's branch, in the transaction that records
 * the head, and cancels the local checks still queued for earlier heads (running ones are stopped by
 * their worker, which sees the head move). Returns how many checks were queued.
 */
export async function scheduleChecks(tx: Prisma.TransactionClient, taskId: string, headSha: string): Promise<number> {
  const task = await tx.task.findUniqueOrThrow({
    where: { id: taskId },
    select: { acceptanceCriteria: true, repository: { select: { checks: { orderBy: { position: "asc" } } } } },
  });
  await tx.checkRun.updateMany({
    where: { taskId, source: "local", status: "queued", headSha: { not: headSha } },
    data: { status: "completed", conclusion: "cancelled", error: SUPERSEDED, finishedAt: new Date() },
  });
  const linked = linkedCheckNames(task.acceptanceCriteria);
  const previous = await tx.checkRun.groupBy({
    by: ["name"],
    where: { taskId, headSha, source: "local" },
    _max: { attempt: true },
  });
  const attempts = new Map(previous.map((row) => [row.name, row._max.attempt ?? 0]));
  for (const check of task.repository.checks) {
    await tx.checkRun.create({
      data: {
        taskId,
        headSha,
        name: check.name,
        source: "local",
        required: check.required || linked.has(check.name),
        attempt: (attempts.get(check.name) ?? 0) + 1,
        command: check.command,
        timeoutSeconds: check.timeoutSeconds,
        junitPath: check.junitPath,
      },
    });
  }
  return task.repository.checks.length;
}
