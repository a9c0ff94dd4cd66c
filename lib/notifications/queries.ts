import { z } from "zod";
import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { NotificationKind } from "../generated/prisma/enums.ts";

const SHOWN = 30;

export const notificationSchema = z.object({
  id: z.string(),
  kind: z.enum(NotificationKind),
  text: z.string(),
  href: z.string().describe("Where in the app it leads: the diff, a run or a check's log"),
  taskId: z.string(),
  read: z.boolean(),
  createdAt: z.string(),
});

export const notificationListSchema = z.object({ unread: z.number().int(), items: z.array(notificationSchema) });

export type NotificationList = z.infer<typeof notificationListSchema>;

/** The actor's latest notifications and how many are unread. */
export async function listNotifications(actor: Actor | null): Promise<NotificationList> {
  requirePermission(actor, "task.view");
  const [unread, rows] = await Promise.all([
    prisma.notification.count({ where: { userId: actor.id, readAt: null } }),
    prisma.notification.findMany({ where: { userId: actor.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: SHOWN }),
  ]);
  return {
    unread,
    items: rows.map((row) => ({ id: row.id, kind: row.kind, text: row.text, href: row.href, taskId: row.taskId, read: row.readAt !== null, createdAt: row.createdAt.toISOString() })),
  };
}

