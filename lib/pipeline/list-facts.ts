import { z } from "zod";
import { latestAttempts } from "../checks/latest-attempts.ts";
import { prisma } from "../db/client.ts";
import type { Task } from "../generated/prisma/client.ts";
import { decisionsOnHead } from "../review/approvals.ts";
import { PENDING_RUN_STATUSES } from "../runs/status.ts";
import { GREEN } from "../checks/green.ts";

export const taskListFactsSchema = z.object({
  checks: z.object({ passed: z.number().int(), failed: z.number().int(), pending: z.number().int() }),
  approvals: z.object({ given: z.number().int(), required: z.number().int() }),
  activeRun: z.object({ number: z.number().int(), status: z.string() }).nullable(),
  blocking: z.string().describe('What stands between the task and its merge, in a few words ("" once merged or closed)'),
});

export type TaskListFacts = z.infer<typeof taskListFactsSchema>;

type ListedTask = Task & { repository: { requiredApprovals: number; allowSelfApproval: boolean } };

/** The dashboard's columns for a page of tasks: their head's checks, approvals, active run and what blocks each. */
export async function taskListFacts(tasks: ListedTask[]): Promise<Map<string, TaskListFacts>> {
  const ids = tasks.map((task) => task.id);
  const [checkRuns, runs] = await Promise.all([
    prisma.checkRun.findMany({ where: { taskId: { in: ids } } }),
    prisma.run.findMany({ where: { taskId: { in: ids }, status: { in: [...PENDING_RUN_STATUSES] } }, orderBy: { number: "desc" } }),
  ]);
  const facts = new Map<string, TaskListFacts>();
  for (const task of tasks) {
    const checks = task.headSha ? latestAttempts(checkRuns.filter((check) => check.taskId === task.id && check.headSha === task.headSha)) : [];
    const pending = checks.filter((check) => check.status !== "completed");
    const failed = checks.filter((check) => check.status === "completed" && !GREEN.has(check.conclusion ?? ""));
    const decisions = task.headSha ? await decisionsOnHead(prisma, task, task.headSha) : null;
    const given = decisions?.eligibleApprovals.length ?? 0;
    const required = task.repository.requiredApprovals;
    const active = runs.find((run) => run.taskId === task.id);
    facts.set(task.id, {
      checks: { passed: checks.length - pending.length - failed.length, failed: failed.length, pending: pending.length },
      approvals: { given, required },
      activeRun: active ? { number: active.number, status: active.status } : null,
      blocking: blockingReason(task.status, {
        activeRun: active ? `Run #${active.number} ${active.status}` : null,
        pending: pending.filter((check) => check.required).map((check) => check.name),
        failed: failed.filter((check) => check.required).map((check) => check.name),
        missingApprovals: Math.max(0, required - given),
      }),
    });
  }
  return facts;
}

function blockingReason(status: Task["status"], facts: { activeRun: string | null; pending: string[]; failed: string[]; missingApprovals: number }): string {
  switch (status) {
    case "draft":
      return "No commit yet: spawn the agent";
    case "running":
      return facts.activeRun ?? "A run is active";
    case "awaiting_checks":
      return `Waiting for ${facts.pending.join(", ") || "checks"}`;
    case "checks_failed":
      return `${facts.failed.join(", ") || "A check"} failed`;
    case "changes_requested":
      return "Changes requested";
    case "ready_for_review":
      return `Needs ${facts.missingApprovals || 1} approval${facts.missingApprovals > 1 ? "s" : ""}`;
    case "approved":
      return "Ready to merge";
    default:
      return "";
  }
}
