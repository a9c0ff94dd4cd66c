import { z } from "zod";
import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { parseInput } from "../validation.ts";
import { publish } from "../events/bus.ts";

export const markReadSchema = z
  .object({ ids: z.array(z.string().trim().min(1).max(64), { error: "ids must be a list of notification ids" }).max(500, "At most 500 ids at once").optional() })
  .strict();

/** Marks the actor's notifications read: the ones named, or all of them. Others' notifications are never touched. */
export async function markNotificationsRead(actor: Actor | null, input: unknown): Promise<{ marked: number }> {
  requirePermission(actor, "task.view");
  const { ids } = parseInput(markReadSchema, input);
  const { count } = await prisma.notification.updateMany({
    where: { userId: actor.id, readAt: null, ...(ids ? { id: { in: ids } } : {}) },
    data: { readAt: new Date() },
  });
  publish("notifications.changed", { userId: actor.id });
  return { marked: count };
}
