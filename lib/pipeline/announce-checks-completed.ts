import { createHash } from "node:crypto";
import { latestAttempts } from "../checks/latest-attempts.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { emitWebhookEvent } from "../webhooks/emit-webhook-event.ts";
import { hasWebhookSubscribers } from "../webhooks/has-webhook-subscribers.ts";
import { GREEN } from "../checks/green.ts";

/**
 * Announces `checks.completed` once every check of the head has finished, once per set of attempts
 * (a rerun finishing announces again). The task row is locked first: two checks finishing at once
 * then read each other's result, so one of them announces, and only one.
 */
export async function announceChecksCompleted(tx: Prisma.TransactionClient, taskId: string, headSha: string): Promise<void> {
  if (!(await hasWebhookSubscribers(tx, "checks.completed", taskId))) return;
  await tx.$executeRaw`SELECT 1 FROM "Task" WHERE id = ${taskId} FOR UPDATE`;
  const checks = latestAttempts(await tx.checkRun.findMany({ where: { taskId, headSha } }));
  if (checks.length === 0 || checks.some((check) => check.status !== "completed")) return;
  const failed = checks.filter((check) => check.required && !GREEN.has(check.conclusion ?? ""));
  const attempts = createHash("sha256").update(checks.map((check) => check.id).sort().join(",")).digest("hex").slice(0, 32);
  await emitWebhookEvent(
    tx,
    "checks.completed",
    taskId,
    {
      headSha,
      conclusion: failed.length === 0 ? "success" : "failure",
      failed: failed.map((check) => check.name),
      checks: checks.map((check) => ({ id: check.id, name: check.name, source: check.source, required: check.required, conclusion: check.conclusion })),
    },
    { dedupeKey: `checks.completed:${headSha}:${attempts}` },
  );
}
