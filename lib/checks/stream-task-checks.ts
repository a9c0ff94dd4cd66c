import type { Actor } from "../auth/permissions.ts";
import type { EventSink } from "../http/event-stream.ts";
import { onChecksChanged } from "./checks-bus.ts";
import { taskChecksOverview } from "./queries.ts";

// Workers in other processes do not reach this process's bus: the overview is re-read this often too.
const POLL_MS = 1_000;

/** The task's checks overview as a `checks` event at once and again whenever it changes. */
export async function streamTaskChecks(actor: Actor | null, taskId: string, sink: EventSink): Promise<void> {
  let last = "";
  while (!sink.signal.aborted) {
    const changed = new Promise<void>((resolve) => {
      const timer = setTimeout(done, POLL_MS);
      const off = onChecksChanged(taskId, done);
      sink.signal.addEventListener("abort", done);
      function done() {
        clearTimeout(timer);
        off();
        sink.signal.removeEventListener("abort", done);
        resolve();
      }
    });
    const overview = await taskChecksOverview(actor, taskId);
    const serialized = JSON.stringify(overview);
    if (serialized !== last) {
      last = serialized;
      sink.send({ event: "checks", data: overview });
    }
    await changed;
  }
}
