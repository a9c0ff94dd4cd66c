import { prisma } from "../db/client.ts";
import { rateLimited } from "../github/rate-limit.ts";
import { syncGithubChecks } from "../pipeline/sync-github-checks.ts";
import { ENDED_TASK_STATUSES } from "../tasks/task-open.ts";
import { logger } from "../logger.ts";

const FIRST_DELAY_SECONDS = 15;
const MAX_DELAY_SECONDS = 600;

/**
 * Polls GitHub for the checks of open tasks whose head has not heard from a webhook: due tasks are
 * synced; while a GitHub check of the head is unfinished the next poll is scheduled with backoff (15 s
 * doubling to 10 min, back to 15 s when something changed); once all are finished (or none exist after
 * the longest wait) polling stops. Nothing is called while GitHub's rate limit is spent.
 */
export async function pollDueGithubChecks(now = new Date()): Promise<number> {
  if (rateLimited(now.getTime()).limited) return 0;
  const due = await prisma.task.findMany({
    where: {
      headSha: { not: null },
      status: { notIn: [...ENDED_TASK_STATUSES] },
      githubPollAt: { lte: now },
      repository: { githubOwner: { not: null }, githubRepo: { not: null }, githubToken: { not: null } },
    },
    select: { id: true, headSha: true, githubPollDelaySeconds: true },
    take: 50,
  });
  for (const task of due) {
    let changed = false;
    try {
      changed = await syncGithubChecks(task.id);
    } catch (error) {
      logger.warn({ taskId: task.id, err: error }, "GitHub checks not read");
    }
    const unfinished = await prisma.checkRun.count({ where: { taskId: task.id, headSha: task.headSha!, source: "github", status: { not: "completed" } } });
    const seen = await prisma.checkRun.count({ where: { taskId: task.id, headSha: task.headSha!, source: "github" } });
    const delay = changed ? FIRST_DELAY_SECONDS : Math.min(MAX_DELAY_SECONDS, Math.max(FIRST_DELAY_SECONDS, task.githubPollDelaySeconds * 2));
    const keepPolling = unfinished > 0 || (seen === 0 && task.githubPollDelaySeconds < MAX_DELAY_SECONDS);
    await prisma.task.update({
      where: { id: task.id },
      data: keepPolling ? { githubPollAt: new Date(now.getTime() + delay * 1000), githubPollDelaySeconds: delay } : { githubPollAt: null, githubPollDelaySeconds: 0 },
    });
  }
  return due.length;
}
