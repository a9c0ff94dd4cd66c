import { prisma } from "../db/client.ts";
import { pollDueGithubChecks } from "./poll-github-checks.ts";
import { spawnDueFixRuns } from "../pipeline/auto-fix.ts";
import { claimLoop } from "./claim-loop.ts";
import { claimNextCheck } from "../queue/claim-next-check.ts";
import { type CheckExecution, executeCheck } from "./execute-check.ts";
import { reconcileStaleChecks } from "./reconcile-checks.ts";
import { REPLACED } from "../pipeline/rerun-checks.ts";
import { SUPERSEDED } from "../checks/schedule-checks.ts";
import { subscribe } from "../events/bus.ts";
import { logger } from "../logger.ts";

// How often due GitHub polls are looked for; each task's own schedule backs off from 15 s to 10 min.
const GITHUB_POLL_MS = 5_000;

export interface CheckWorkerOptions {
  workerId: string;
  workspaceRoot: string;
  pollMs?: number;
  heartbeatMs?: number;
  reconcileMs?: number;
  killGraceMs?: number;
}

/** The part of a worker that runs local checks; started and stopped with it. */
export function startCheckWorker(options: CheckWorkerOptions): { stop(): Promise<void> } {
  const active = new Map<string, CheckExecution>();
  const onQueued = () => loop.wake();
  const onStop = ({ checkRunId, reason }: { checkRunId: string; reason: string }) => active.get(checkRunId)?.cancel(reason);
  const unsubscribes = [subscribe("checks.queued", onQueued), subscribe("check.stop", onStop)];

  const heartbeat = setInterval(() => void beat().catch((error) => logger.error({ err: error }, "check heartbeat failed")), options.heartbeatMs ?? 5_000);
  const reconcile = setInterval(() => void sweep(), options.reconcileMs ?? 15_000);
  const githubPoll = setInterval(() => void pollDueGithubChecks().catch((error) => logger.error({ err: error }, "GitHub checks poll failed")), GITHUB_POLL_MS);

  async function beat(): Promise<void> {
    const ids = [...active.keys()];
    if (ids.length === 0) return;
    await prisma.checkRun.updateMany({ where: { id: { in: ids }, workerId: options.workerId }, data: { heartbeatAt: new Date() } });
    const checks = await prisma.checkRun.findMany({ where: { id: { in: ids } }, include: { task: { select: { headSha: true } } } });
    for (const check of checks) if (check.task.headSha !== check.headSha) active.get(check.id)?.cancel(SUPERSEDED);
    const replaced = await prisma.checkRun.findMany({
      where: { OR: checks.map((check) => ({ taskId: check.taskId, headSha: check.headSha, source: "local" as const, name: check.name, attempt: { gt: check.attempt } })) },
      select: { taskId: true, headSha: true, name: true },
    });
    for (const check of checks) {
      if (replaced.some((newer) => newer.taskId === check.taskId && newer.headSha === check.headSha && newer.name === check.name)) {
        active.get(check.id)?.cancel(REPLACED);
      }
    }
  }

  async function sweep(): Promise<void> {
    await reconcileStaleChecks().catch((error) => logger.error({ err: error }, "check reconciliation failed"));
    await spawnDueFixRuns().catch((error) => logger.error({ err: error }, "auto-fix failed"));
  }

  async function fill(): Promise<void> {
    while (!loop.stopping) {
      const checkRunId = await claimNextCheck(options.workerId);
      if (!checkRunId) return;
      const execution = executeCheck(checkRunId, options);
      active.set(checkRunId, execution);
      void execution.done.then(({ taskId }) => {
        active.delete(checkRunId);
        loop.wake();
        if (taskId) void spawnDueFixRuns(taskId).catch((error) => logger.error({ taskId, err: error }, "auto-fix failed"));
      });
    }
  }

  const loop = claimLoop({ pollMs: options.pollMs ?? 1_000, before: sweep, fill, onError: (error) => logger.error({ err: error }, "check claim failed") });

  return {
    async stop() {
      clearInterval(heartbeat);
      clearInterval(reconcile);
      clearInterval(githubPoll);
      unsubscribes.forEach((unsubscribe) => unsubscribe());
      await loop.stop();
      for (const execution of active.values()) execution.cancel("Check interrupted: the worker is shutting down. Re-run it.");
      await Promise.allSettled([...active.values()].map((execution) => execution.done));
    },
  };
}
