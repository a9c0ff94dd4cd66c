import { startReconciler } from "./reconciler.ts";
import { startWebhookDispatcher } from "./webhook-dispatcher.ts";
import { startWorker, type Worker } from "./worker.ts";
import { logger } from "../logger.ts";

const globalForServer = globalThis as unknown as { serverDuties?: Promise<void> };

/**
 * What the web server does besides answering requests: send webhooks, and run the in-process worker
 * (ORCH_WORKER=in-process) or at least reconcile the runs of standalone workers that died. `npm start`
 * leaves SIGTERM/SIGINT to us (NEXT_MANUAL_SIG_HANDLE): the worker's runs end `interrupted` and are
 * recorded so before the process exits.
 */
export function startServerDuties(options: { inProcessWorker: boolean }): Promise<void> {
  globalForServer.serverDuties ??= (async () => {
    let worker: Worker | null = null;
    let reconciler: { stop(): void } | null = null;
    const webhooks = startWebhookDispatcher();
    if (options.inProcessWorker) {
      worker = await startWorker();
      logger.info({ workerId: worker.id, workspaceRoot: worker.workspaceRoot }, "worker started");
    } else {
      reconciler = startReconciler();
    }
    const stop = async (signal: NodeJS.Signals) => {
      reconciler?.stop();
      await webhooks.stop().catch((error) => logger.error({ err: error }, "webhook dispatcher stop failed"));
      await worker?.stop().catch((error) => logger.error({ err: error }, "worker stop failed"));
      if (process.env.NEXT_MANUAL_SIG_HANDLE) process.exit(signal === "SIGINT" ? 130 : 143);
    };
    process.once("SIGTERM", (signal) => void stop(signal));
    process.once("SIGINT", (signal) => void stop(signal));
  })();
  return globalForServer.serverDuties;
}
