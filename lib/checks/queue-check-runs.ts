import type { CheckCommand, Prisma } from "../generated/prisma/client.ts";
import { linkedCheckNames } from "./linked-checks.ts";

/**
 * Queues the next attempt of each given check on the head, with the check's configuration as it is
 * now; a check is required when the repository says so or an acceptance criterion names it.
 */
export async function queueCheckRuns(
  tx: Prisma.TransactionClient,
  task: { id: string; acceptanceCriteria: unknown },
  headSha: string,
  commands: CheckCommand[],
) {
  const linked = linkedCheckNames(task.acceptanceCriteria);
  const previous = await tx.checkRun.groupBy({
    by: ["name"],
    where: { taskId: task.id, headSha, source: "local", name: { in: commands.map((check) => check.name) } },
    _max: { attempt: true },
  });
  const attempts = new Map(previous.map((row) => [row.name, row._max.attempt ?? 0]));
  const created = [];
  for (const check of commands) {
    created.push(
      await tx.checkRun.create({
        data: {
          taskId: task.id,
          headSha,
          name: check.name,
          source: "local",
          required: check.required || linked.has(check.name),
          attempt: (attempts.get(check.name) ?? 0) + 1,
          command: check.command,
          timeoutSeconds: check.timeoutSeconds,
          junitPath: check.junitPath,
        },
      }),
    );
  }
  return created;
}
