import type { Actor } from "../auth/permissions.ts";
import { streamChanges, type EventSink } from "../http/event-stream.ts";
import { listNotifications } from "./queries.ts";
import { subscribe } from "../events/bus.ts";

// Notifications written by workers in other processes do not reach this process's bus.
const POLL_MS = 3_000;

/** The actor's notifications as a `notifications` event at once and again whenever they change. */
export function streamNotifications(actor: Actor | null, sink: EventSink): Promise<void> {
  const userId = actor?.id ?? "";
  return streamChanges(sink, {
    event: "notifications",
    pollMs: POLL_MS,
    read: () => listNotifications(actor),
    subscribe: (wake) => {
      return subscribe("notifications.changed", wake, userId);
    },
  });
}
