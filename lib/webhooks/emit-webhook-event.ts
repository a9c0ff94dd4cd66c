import { publish } from "../events/bus.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { WebhookEvent } from "./events.ts";
import { subscribersWhere } from "./has-webhook-subscribers.ts";
import { webhookPayload } from "./payload.ts";

/**
 * Queues `event` about a task for every subscription to it (installation-wide, or of the task's
 * repository), in the transaction that made it happen: it is sent only if that commits. Without a
 * subscriber this is one query. A `dedupeKey` sends the event to a subscription once.
 */
export async function emitWebhookEvent(
  tx: Prisma.TransactionClient,
  event: WebhookEvent,
  taskId: string,
  data: Record<string, unknown> | (() => Promise<Record<string, unknown>>),
  options: { dedupeKey?: string } = {},
): Promise<void> {
  const subscriptions = await tx.webhookSubscription.findMany({
    where: subscribersWhere(event, taskId),
    select: { id: true },
  });
  if (subscriptions.length === 0) return;
  const task = await tx.task.findUniqueOrThrow({ where: { id: taskId }, select: { id: true, name: true, branch: true, status: true, headSha: true, repositoryId: true } });
  const body = JSON.stringify(webhookPayload(event, task, typeof data === "function" ? await data() : data));
  const now = new Date();
  await tx.webhookMessage.createMany({
    data: subscriptions.map((subscription) => ({ subscriptionId: subscription.id, event, body, dedupeKey: options.dedupeKey ?? null, nextAttemptAt: now })),
    skipDuplicates: true,
  });
  // After the commit, most likely; a dispatcher that looks too early finds it at its next poll.
  setTimeout(() => publish("webhooks.queued", {}), 50);
}
