import type { Actor } from "../auth/permissions.ts";
import { streamChanges, type EventSink } from "../http/event-stream.ts";
import { taskChecksOverview } from "./queries.ts";
import { subscribe } from "../events/bus.ts";

// Workers in other processes do not reach this process's bus: the overview is re-read this often too.
const POLL_MS = 1_000;

/** The task's checks overview as a `checks` event at once and again whenever it changes. */
export function streamTaskChecks(actor: Actor | null, taskId: string, sink: EventSink): Promise<void> {
  return streamChanges(sink, { event: "checks", pollMs: POLL_MS, read: () => taskChecksOverview(actor, taskId), subscribe: (wake) => subscribe("checks.changed", wake, taskId) });
}
