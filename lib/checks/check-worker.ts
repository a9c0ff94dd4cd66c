import { prisma } from "../db/client.ts";
import { pollDueGithubChecks } from "../github/poll-github-checks.ts";
import { runBus } from "../runs/logs/run-bus.ts";
import { spawnDueFixRuns } from "./auto-fix.ts";
import { claimLoop } from "../queue/claim-loop.ts";
import { claimNextCheck } from "./claim-next-check.ts";
import { type CheckExecution, executeCheck } from "./execute-check.ts";
import { reconcileStaleChecks } from "./reconcile-checks.ts";
import { REPLACED } from "./rerun-checks.ts";
import { SUPERSEDED } from "./schedule-checks.ts";

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
  const onStop = (checkRunId: string, reason: string) => active.get(checkRunId)?.cancel(reason);
  runBus.on("checks-queued", onQueued);
  runBus.on("stop-check", onStop);

  const heartbeat = setInterval(() => void beat().catch((error) => console.error("check heartbeat:", error)), options.heartbeatMs ?? 5_000);
  const reconcile = setInterval(() => void sweep(), options.reconcileMs ?? 15_000);
  const githubPoll = setInterval(() => void pollDueGithubChecks().catch((error) => console.error("GitHub checks poll:", error)), GITHUB_POLL_MS);

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
    await reconcileStaleChecks().catch((error) => console.error("check reconcile:", error));
    await spawnDueFixRuns().catch((error) => console.error("auto-fix:", error));
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
        if (taskId) void spawnDueFixRuns(taskId).catch((error) => console.error("auto-fix:", error));
      });
    }
  }

  const loop = claimLoop({ pollMs: options.pollMs ?? 1_000, before: sweep, fill, onError: (error) => console.error("check claim:", error) });

  return {
    async stop() {
      clearInterval(heartbeat);
      clearInterval(reconcile);
      clearInterval(githubPoll);
      runBus.off("checks-queued", onQueued);
      runBus.off("stop-check", onStop);
      await loop.stop();
      for (const execution of active.values()) execution.cancel("Check interrupted: the worker is shutting down. Re-run it.");
      await Promise.allSettled([...active.values()].map((execution) => execution.done));
    },
  };
}
