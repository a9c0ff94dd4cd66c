import path from "node:path";
import { startCheckWorker } from "./check-worker.ts";
import { prisma } from "../db/client.ts";
import { env } from "../env.mjs";
import { startGitLauncher } from "../git/git-launcher.ts";
import { executeRun, type RunExecution } from "./execute-run.ts";
import { startRunLogIngest } from "./start-log-ingest.ts";
import { claimLoop } from "./claim-loop.ts";
import { claimNextRun } from "../queue/claim-next-run.ts";
import { reconcileStaleRuns } from "./reconcile-runs.ts";
import { newWorkerId } from "./worker-identity.ts";
import { claimWorkspaceRoot } from "./workspace-root.ts";
import { subscribe } from "../events/bus.ts";
import { logger } from "../logger.ts";

const CANCEL_POLL_MS = 500;

export interface WorkerOptions {
  capacity?: number;
  pollMs?: number;
  heartbeatMs?: number;
  reconcileMs?: number;
  workspacesDir?: string;
  killGraceMs?: number;
}

export interface Worker {
  readonly id: string;
  readonly workspaceRoot: string;
  stop(): Promise<void>;
}

/**
 * Claims queued runs (within the global and per-repository limits), executes them, heartbeats them,
 * passes on cancels, and reconciles runs of workers that died. Several workers, in this process or on
 * other machines, can share one database.
 */
export async function startWorker(options: WorkerOptions = {}): Promise<Worker> {
  const id = newWorkerId();
  const workerLogger = logger.child({ workerId: id });
  const capacity = options.capacity ?? 8;
  const workspaceRoot = await claimWorkspaceRoot(options.workspacesDir ?? path.join(env.DATA_DIR, "workspaces"), id);
  const active = new Map<string, RunExecution>();
  startRunLogIngest();
  startGitLauncher();
  const checkWorker = startCheckWorker({
    workerId: id,
    workspaceRoot,
    pollMs: options.pollMs,
    heartbeatMs: options.heartbeatMs,
    reconcileMs: options.reconcileMs,
    killGraceMs: options.killGraceMs,
  });
  const onQueued = () => loop.wake();
  const onCancel = ({ runId }: { runId: string }) => active.get(runId)?.cancel();
  const unsubscribes = [subscribe("run.queued", onQueued), subscribe("run.cancel", onCancel)];

  const heartbeat = setInterval(() => void beat().catch((error) => workerLogger.error({ err: error }, "worker heartbeat failed")), options.heartbeatMs ?? 5_000);
  // A cancel asked on another server reaches no bus here: the database says so, read this often.
  const cancelPoll = setInterval(() => void stopCancelled().catch((error) => workerLogger.error({ err: error }, "cancel poll failed")), CANCEL_POLL_MS);
  const reconcile = setInterval(() => void reconcileStaleRuns().catch((error) => workerLogger.error({ err: error }, "run reconciliation failed")), options.reconcileMs ?? 15_000);

  async function beat(): Promise<void> {
    const ids = [...active.keys()];
    if (ids.length === 0) return;
    await prisma.run.updateMany({ where: { id: { in: ids }, workerId: id }, data: { heartbeatAt: new Date() } });
  }

  async function stopCancelled(): Promise<void> {
    const ids = [...active.keys()];
    if (ids.length === 0) return;
    const cancelled = await prisma.run.findMany({ where: { id: { in: ids }, cancelRequestedAt: { not: null } }, select: { id: true } });
    for (const run of cancelled) active.get(run.id)?.cancel();
  }

  async function fill(): Promise<void> {
    while (!loop.stopping && active.size < capacity) {
      const claim = await claimNextRun(id);
      if (!claim) return;
      if (active.has(claim.runId)) {
        // Never two executions of one run: the second would share (and then delete) the first's clone.
        workerLogger.error({ runId: claim.runId }, "run claimed again while it runs here; ignored");
        return;
      }
      const execution = executeRun(claim, { workerId: id, workspaceRoot, killGraceMs: options.killGraceMs });
      active.set(claim.runId, execution);
      void execution.done.finally(() => {
        active.delete(claim.runId);
        loop.wake();
      });
    }
  }

  const loop = claimLoop({
    pollMs: options.pollMs ?? 1_000,
    before: () => reconcileStaleRuns().then(() => undefined, (error) => workerLogger.error({ err: error }, "run reconciliation failed")),
    fill,
    onError: (error) => workerLogger.error({ err: error }, "run claim failed"),
  });

  return {
    id,
    workspaceRoot,
    async stop() {
      clearInterval(heartbeat);
      clearInterval(cancelPoll);
      clearInterval(reconcile);
      unsubscribes.forEach((unsubscribe) => unsubscribe());
      await loop.stop();
      const checksStopped = checkWorker.stop();
      for (const execution of active.values()) execution.interrupt("the worker is shutting down");
      await Promise.allSettled([...active.values()].map((execution) => execution.done));
      await checksStopped;
    },
  };
}
