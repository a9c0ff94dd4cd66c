import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { prisma } from "../db/client.ts";
import { getSettings } from "../settings/settings.ts";

// Claims are serialised across workers so the concurrency limit holds between the count and the claim.
const CHECK_CLAIM_LOCK = 7_240_002;

/** Takes the oldest queued local check when fewer than the installation's limit are running. */
export async function claimNextCheck(workerId: string): Promise<string | null> {
  const { checkConcurrency } = await getSettings();
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CHECK_CLAIM_LOCK})`;
    const running = await tx.checkRun.count({ where: { source: "local", status: "running" } });
    if (running >= checkConcurrency) return null;
    const next = await tx.checkRun.findFirst({
      where: { source: "local", status: "queued" },
      orderBy: { createdAt: "asc" },
      select: { id: true },
    });
    if (!next) return null;
    const now = new Date();
    await tx.checkRun.update({ where: { id: next.id }, data: { status: "running", workerId, startedAt: now, heartbeatAt: now } });
    await recordAuditEvent(tx, { actorId: null, action: "check.running", targetType: "check_run", targetId: next.id, data: { workerId } });
    return next.id;
  });
}
