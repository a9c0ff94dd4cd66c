import { z } from "zod";
import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { parseInput } from "../validation.ts";
import { findManagedWebhook } from "./find-webhook.ts";

/** Every subscription, newest first, each with its latest message. */
export async function listWebhooks(actor: Actor | null) {
  requirePermission(actor, "webhook.manage");
  return prisma.webhookSubscription.findMany({
    orderBy: { createdAt: "desc" },
    include: { messages: { orderBy: { createdAt: "desc" }, take: 1, select: { status: true, event: true, createdAt: true } } },
  });
}

const PAGE_SIZE = 50;

export const deliveriesQuerySchema = z.object({
  before: z.string().regex(/^[\w-]{1,100}$/, "before is the id of a delivery from the previous page").nullish(),
});

/** A subscription's delivery log, newest first, each message with its attempts; `before` pages back. */
export async function listWebhookDeliveries(actor: Actor | null, id: string, query: unknown) {
  const subscription = await findManagedWebhook(actor, id);
  const { before } = parseInput(deliveriesQuerySchema, query);
  const cursor = before ? await prisma.webhookMessage.findFirst({ where: { id: before, subscriptionId: id }, select: { createdAt: true } }) : null;
  const messages = await prisma.webhookMessage.findMany({
    where: { subscriptionId: id, ...(cursor ? { createdAt: { lt: cursor.createdAt } } : {}) },
    orderBy: { createdAt: "desc" },
    take: PAGE_SIZE,
    include: { attempts: { orderBy: { createdAt: "desc" }, select: { statusCode: true, durationMs: true, responseExcerpt: true, error: true, createdAt: true } } },
  });
  return { subscription, messages, nextBefore: messages.length === PAGE_SIZE ? messages.at(-1)!.id : null };
}
