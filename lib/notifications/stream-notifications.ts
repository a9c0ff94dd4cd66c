import type { Actor } from "../auth/permissions.ts";
import type { EventSink } from "../http/event-stream.ts";
import { notificationBus } from "./notification-bus.ts";
import { listNotifications } from "./queries.ts";

// Notifications written by workers in other processes do not reach this process's bus.
const POLL_MS = 3_000;

/** The actor's notifications as a `notifications` event at once and again whenever they change. */
export async function streamNotifications(actor: Actor | null, sink: EventSink): Promise<void> {
  let last = "";
  while (!sink.signal.aborted) {
    const changed = new Promise<void>((resolve) => {
      const timer = setTimeout(done, POLL_MS);
      const userId = actor?.id ?? "";
      notificationBus.on(userId, done);
      sink.signal.addEventListener("abort", done);
      function done() {
        clearTimeout(timer);
        notificationBus.off(userId, done);
        sink.signal.removeEventListener("abort", done);
        resolve();
      }
    });
    const list = await listNotifications(actor);
    const serialized = JSON.stringify(list);
    if (serialized !== last) {
      last = serialized;
      sink.send({ event: "notifications", data: list });
    }
    await changed;
  }
}
