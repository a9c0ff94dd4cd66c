import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";

const SHOWN = 30;

export interface NotificationDto {
  id: string;
  kind: string;
  text: string;
  href: string;
  taskId: string;
  read: boolean;
  createdAt: string;
}

/** The actor's latest notifications and how many are unread. */
export async function listNotifications(actor: Actor | null): Promise<{ unread: number; items: NotificationDto[] }> {
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

export type NotificationList = Awaited<ReturnType<typeof listNotifications>>;
