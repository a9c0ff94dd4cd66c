import type { Prisma } from "../generated/prisma/client.ts";
import type { NotificationKind } from "../generated/prisma/enums.ts";
import { publish } from "../events/bus.ts";

export interface NotificationInput {
  /** Who is told. Nobody is told of what they did themselves. */
  userId: string;
  /** Who did it (null for the system: a worker, a check). */
  actorId: string | null;
  taskId: string;
  kind: NotificationKind;
  text: string;
  href: string;
}

/** Writes a notification in the transaction that made it happen, and wakes the person's open bells. */
export async function notify(tx: Prisma.TransactionClient, input: NotificationInput): Promise<void> {
  if (input.userId === input.actorId) return;
  const { actorId: _actor, ...row } = input;
  await tx.notification.create({ data: row });
  // Woken before the commit, a reader may read too early; its next read (at most a few seconds on) finds it.
  setTimeout(() => publish("notifications.changed", { userId: input.userId }), 50);
}
