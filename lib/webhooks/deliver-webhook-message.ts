import { prisma } from "../db/client.ts";
import { env } from "../env.mjs";
import { getSettings } from "../settings/settings.ts";
import { postWebhook } from "./post-webhook.ts";
import { nextAttemptAt } from "./retry-schedule.ts";
import { webhookRequest } from "./webhook-request.ts";

/** Whether webhooks may reach private and loopback addresses: the admin setting or the environment. */
export async function privateTargetsAllowed(): Promise<boolean> {
  return env.WEBHOOKS_ALLOW_PRIVATE || (await getSettings()).allowPrivateWebhookTargets;
}

/**
 * One attempt at a claimed message: a 2xx answer delivers it; anything else is recorded and the
 * next attempt scheduled, until a day after the event, when it is given up.
 */
export async function deliverWebhookMessage(messageId: string): Promise<void> {
  const message = await prisma.webhookMessage.findUnique({ where: { id: messageId }, include: { subscription: true } });
  if (!message || message.status !== "pending") return;
  const request = webhookRequest(message, message.subscription);
  const answer = await postWebhook(request.url, request.headers, request.body, await privateTargetsAllowed());
  const attempts = message.attemptCount + 1;
  const delivered = answer.statusCode !== null && answer.statusCode >= 200 && answer.statusCode < 300;
  const next = delivered ? null : nextAttemptAt(message.createdAt, attempts);
  await prisma.$transaction([
    prisma.webhookAttempt.create({ data: { messageId, ...answer, error: answer.error ?? (delivered ? null : `answered ${answer.statusCode}`) } }),
    prisma.webhookMessage.updateMany({
      where: { id: messageId, status: "pending" },
      data: { attemptCount: attempts, status: delivered ? "delivered" : next ? "pending" : "failed", nextAttemptAt: next, deliveredAt: delivered ? new Date() : null },
    }),
  ]);
}
