import { prisma } from "../db/client.ts";
import { HEARTBEAT_STALE_MS } from "./reconcile-runs.ts";
import { isDeadLocalWorker } from "./worker-identity.ts";
import { completeCheck } from "../pipeline/complete-check.ts";

/**
 * Ends with `error` every running local check whose worker stopped heartbeating or, on this host, is
 * gone, with a last log line saying so. Returns the ids it ended.
 */
export async function reconcileStaleChecks(staleMs = HEARTBEAT_STALE_MS): Promise<string[]> {
  const cutoff = new Date(Date.now() - staleMs);
  const running = await prisma.checkRun.findMany({ where: { source: "local", status: "running" } });
  const ended: string[] = [];
  for (const check of running) {
    const gone = isDeadLocalWorker(check.workerId);
    if (!gone && check.heartbeatAt && check.heartbeatAt >= cutoff) continue;
    const reason = `Check interrupted: worker ${check.workerId ?? "(unknown)"} ${gone ? "is gone" : "stopped sending heartbeats"}. Re-run it.`;
    const last = await prisma.checkRunEvent.findFirst({ where: { checkRunId: check.id }, orderBy: { seq: "desc" }, select: { seq: true } });
    await prisma.checkRunEvent.create({ data: { checkRunId: check.id, seq: (last?.seq ?? 0) + 1, stream: "system", text: reason } }).catch(() => undefined);
    if (await completeCheck(check.id, { conclusion: "error", error: reason })) ended.push(check.id);
  }
  return ended;
}
