import { reconcileStaleChecks } from "./reconcile-checks.ts";
import { reconcileStaleRuns } from "./reconcile-runs.ts";
import { logger } from "../logger.ts";

const RECONCILE_MS = 15_000;

/**
 * Ends the runs and checks of workers that stopped heartbeating, every 15 s. Every worker does this,
 * and so does the web server, so a dead worker's runs end within stale time + one sweep (45 s)
 * whether or not any worker is left.
 */
export function startReconciler(intervalMs = RECONCILE_MS): { stop(): void } {
  const sweep = async () => {
    await reconcileStaleRuns().catch((error) => logger.error({ err: error }, "run reconciliation failed"));
    await reconcileStaleChecks().catch((error) => logger.error({ err: error }, "check reconciliation failed"));
  };
  const timer = setInterval(() => void sweep(), intervalMs);
  void sweep();
  return { stop: () => clearInterval(timer) };
}
