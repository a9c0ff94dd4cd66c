import type { Prisma } from "../generated/prisma/client.ts";
import type { WebhookEvent } from "./events.ts";

/** The subscriptions to `event` that a task's events reach: installation-wide ones and its repository's. */
export function subscribersWhere(event: WebhookEvent, taskId: string): Prisma.WebhookSubscriptionWhereInput {
  return { events: { has: event }, OR: [{ repositoryId: null }, { repository: { tasks: { some: { id: taskId } } } }] };
}

export async function hasWebhookSubscribers(tx: Prisma.TransactionClient, event: WebhookEvent, taskId: string): Promise<boolean> {
  return (await tx.webhookSubscription.count({ where: subscribersWhere(event, taskId) })) > 0;
}
