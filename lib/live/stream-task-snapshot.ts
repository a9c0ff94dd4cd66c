import type { Actor } from "../auth/permissions.ts";
import { onChecksChanged } from "../checks/checks-bus.ts";
import type { EventSink } from "../http/event-stream.ts";
import { mergeStatus, type MergeStatus } from "../merge/merge-status.ts";
import { runBus } from "../runs/logs/run-bus.ts";
import { taskState } from "./task-snapshot.ts";

// Workers in other processes and reviews do not reach this process's bus: the state is re-read this often too.
const POLL_MS = 1_000;
// The merge conditions also depend on the base branch and GitHub, which change without the task: re-read this often.
const MERGE_REFRESH_MS = 15_000;

/** The task's snapshot as a `task` event at once and again whenever any part of it changes. */
export async function streamTaskSnapshot(actor: Actor | null, taskId: string, sink: EventSink): Promise<void> {
  let lastState = "";
  let lastSent = "";
  let merge: MergeStatus | null = null;
  let mergeReadAt = 0;
  while (!sink.signal.aborted) {
    const changed = new Promise<void>((resolve) => {
      const timer = setTimeout(done, POLL_MS);
      const offChecks = onChecksChanged(taskId, done);
      runBus.on("status", done);
      sink.signal.addEventListener("abort", done);
      function done() {
        clearTimeout(timer);
        offChecks();
        runBus.off("status", done);
        sink.signal.removeEventListener("abort", done);
        resolve();
      }
    });
    const state = await taskState(actor, taskId);
    const serializedState = JSON.stringify(state);
    if (!merge || serializedState !== lastState || Date.now() - mergeReadAt > MERGE_REFRESH_MS) {
      merge = await mergeStatus(actor, taskId);
      mergeReadAt = Date.now();
      lastState = serializedState;
    }
    const snapshot = { ...state, merge };
    const serialized = JSON.stringify(snapshot);
    if (serialized !== lastSent) {
      lastSent = serialized;
      sink.send({ event: "task", data: snapshot });
    }
    await changed;
  }
}
