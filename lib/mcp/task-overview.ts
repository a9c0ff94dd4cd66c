import type { Actor } from "../auth/permissions.ts";
import { headChecks } from "../checks/queries.ts";
import { mergeStatus } from "../merge/merge-status.ts";
import { runDto } from "../runs/dto.ts";
import { latestTaskRun } from "../runs/queries.ts";
import { taskDto } from "../tasks/dto.ts";
import { getTask } from "../tasks/queries.ts";

/** get_task's answer: the spec, status and head, the head's checks and criteria, the merge checklist, the latest run. */
export async function taskOverview(actor: Actor | null, taskId: string) {
  // Each part checks the permission and that the task exists, so they are read together.
  const [task, checks, merge, latestRun] = await Promise.all([getTask(actor, taskId), headChecks(actor, taskId), mergeStatus(actor, taskId), latestTaskRun(taskId)]);
  return {
    task: { ...taskDto(task), repositoryName: task.repository.name },
    status: task.status,
    headSha: task.headSha,
    checks: checks.checks,
    criteria: checks.criteria,
    merge,
    latestRun: latestRun ? runDto(latestRun) : null,
  };
}

export type TaskOverview = Awaited<ReturnType<typeof taskOverview>>;

/** The overview in a few lines: what an orchestrating model needs to decide its next call. */
export function describeOverview(overview: TaskOverview): string {
  const { task, checks, merge, latestRun } = overview;
  const head = overview.headSha ? `head ${overview.headSha.slice(0, 12)}` : "no head yet";
  const lines = [`Task "${task.name}" (${task.id}) on ${task.branch} is ${overview.status}, ${head}.`];
  if (latestRun) lines.push(`Latest run #${latestRun.number} (${latestRun.id}): ${latestRun.status}${latestRun.error ? ` — ${latestRun.error}` : ""}.`);
  if (checks.length > 0) {
    lines.push(`Checks: ${checks.map((check) => `${check.name} ${check.conclusion ?? check.status}${check.required ? "" : " (optional)"}`).join(", ")}.`);
  }
  if (merge.merge) lines.push(`Merged as ${merge.merge.mergeSha.slice(0, 12)} by ${merge.merge.by}.`);
  else if (merge.mergeable) lines.push("Every merge condition is met: merge with this headSha.");
  else {
    const open = merge.conditions.filter((condition) => condition.state !== "met").map((condition) => `${condition.label} (${condition.state})`);
    if (open.length > 0) lines.push(`Merge waits for: ${open.join("; ")}.`);
  }
  return lines.join("\n");
}
