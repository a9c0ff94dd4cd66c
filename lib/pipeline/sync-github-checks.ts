import { linkedCheckNames } from "../checks/linked-checks.ts";
import { prisma } from "../db/client.ts";
import { isUniqueViolation } from "../db/errors.ts";
import type { CheckConclusion, CheckStatus } from "../generated/prisma/enums.ts";
import { settleTaskStatus } from "./task-state.ts";
import { LOCAL_CHECK_CONTEXT } from "../github/report-check.ts";
import { githubClient, githubError, isGithubConnected, repoOf } from "../github/client.ts";
import { publish } from "../events/bus.ts";

interface GithubCheck {
  name: string;
  externalId: string;
  status: CheckStatus;
  conclusion: CheckConclusion | null;
  url: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
}

const CONCLUSIONS: Record<string, CheckConclusion> = {
  success: "success",
  failure: "failure",
  neutral: "neutral",
  cancelled: "cancelled",
  skipped: "skipped",
  timed_out: "timed_out",
  action_required: "failure",
  stale: "cancelled",
  startup_failure: "error",
};

/**
 * Brings the task's GitHub checks for its current head up to date: check runs (`checks.listForRef`,
 * the latest per name) and commit statuses (`repos.getCombinedStatusForRef`), stored beside the local
 * checks with source "github". A status named like a check run is kept as "<context> (status)".
 * Returns whether anything changed.
 */
export async function syncGithubChecks(taskId: string): Promise<boolean> {
  const task = await prisma.task.findUnique({ where: { id: taskId }, include: { repository: true } });
  if (!task?.headSha || !isGithubConnected(task.repository)) return false;
  const octokit = githubClient(task.repository);
  const ref = task.headSha;
  let checks: GithubCheck[];
  try {
    const runs = await octokit.paginate(octokit.rest.checks.listForRef, { ...repoOf(task.repository), ref, filter: "latest", per_page: 100 });
    const combined = await octokit.rest.repos.getCombinedStatusForRef({ ...repoOf(task.repository), ref, per_page: 100 });
    const fromRuns: GithubCheck[] = runs.map((run) => ({
      name: run.name,
      externalId: `check_run:${run.id}`,
      status: run.status === "completed" ? "completed" : run.status === "in_progress" ? "running" : "queued",
      conclusion: run.status === "completed" ? (CONCLUSIONS[run.conclusion ?? ""] ?? "neutral") : null,
      url: run.html_url ?? run.details_url ?? null,
      startedAt: run.started_at ? new Date(run.started_at) : null,
      finishedAt: run.completed_at ? new Date(run.completed_at) : null,
    }));
    const runNames = new Set(fromRuns.map((run) => run.name));
    const fromStatuses: GithubCheck[] = combined.data.statuses.filter((status) => !status.context.startsWith(LOCAL_CHECK_CONTEXT)).map((status) => ({
      name: runNames.has(status.context) ? `${status.context} (status)` : status.context,
      externalId: `status:${status.id}`,
      status: status.state === "pending" ? "running" : "completed",
      conclusion: status.state === "pending" ? null : status.state === "success" ? "success" : status.state === "error" ? "error" : "failure",
      url: status.target_url ?? null,
      startedAt: status.created_at ? new Date(status.created_at) : null,
      finishedAt: status.state === "pending" ? null : status.updated_at ? new Date(status.updated_at) : null,
    }));
    checks = [...fromRuns, ...fromStatuses];
  } catch (error) {
    throw githubError(error, `read the checks of ${ref.slice(0, 12)}`);
  }

  const linked = linkedCheckNames(task.acceptanceCriteria);
  const existing = await prisma.checkRun.findMany({ where: { taskId, headSha: ref, source: "github" } });
  let changed = false;
  for (const check of checks) {
    const known = existing.find((row) => row.name === check.name);
    const data = {
      status: check.status,
      conclusion: check.conclusion,
      externalId: check.externalId,
      url: check.url,
      startedAt: check.startedAt,
      finishedAt: check.finishedAt,
      required: linked.has(check.name),
    };
    const stateChanged = !known || known.status !== data.status || known.conclusion !== data.conclusion || known.externalId !== data.externalId;
    if (!stateChanged && known.url === data.url && known.required === data.required) continue;
    changed ||= stateChanged;
    if (known) await prisma.checkRun.update({ where: { id: known.id }, data });
    else {
      await prisma.checkRun.create({ data: { taskId, headSha: ref, source: "github", name: check.name, attempt: 1, ...data } }).catch(async (error: unknown) => {
        if (!isUniqueViolation(error)) throw error; // a webhook and the poller raced: the other one created it
        await prisma.checkRun.updateMany({ where: { taskId, headSha: ref, source: "github", name: check.name }, data });
      });
    }
  }
  if (changed) {
    await prisma.$transaction((tx) => settleTaskStatus(tx, taskId));
    publish("checks.changed", { taskId });
  }
  return changed;
}
