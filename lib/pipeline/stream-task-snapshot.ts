import type { Actor } from "../auth/permissions.ts";
import { streamChanges, type EventSink } from "../http/event-stream.ts";
import type { MergeStatus } from "../merge/dto.ts";
import { mergeStatus } from "../merge/merge-status.ts";
import { taskState } from "./task-snapshot.ts";
import { subscribe } from "../events/bus.ts";

// Workers in other processes and reviews do not reach this process's bus: the state is re-read this often too.
const POLL_MS = 1_000;
// The merge conditions also depend on the base branch and GitHub, which change without the task: re-read this often.
const MERGE_REFRESH_MS = 15_000;

/** The task's snapshot as a `task` event at once and again whenever any part of it changes. */
export function streamTaskSnapshot(actor: Actor | null, taskId: string, sink: EventSink): Promise<void> {
  let lastState = "";
  let merge: MergeStatus | null = null;
  let mergeReadAt = 0;
  const read = async () => {
    const state = await taskState(actor, taskId);
    const serializedState = JSON.stringify(state);
    // The merge conditions read the mirror (and GitHub): only when the state changed, or now and then.
    if (!merge || serializedState !== lastState || Date.now() - mergeReadAt > MERGE_REFRESH_MS) {
      merge = await mergeStatus(actor, taskId);
      mergeReadAt = Date.now();
      lastState = serializedState;
    }
    return { ...state, merge };
  };
  return streamChanges(sink, {
    event: "task",
    pollMs: POLL_MS,
    read,
    subscribe: (wake) => {
      const unsubscribes = [subscribe("checks.changed", wake, taskId), subscribe("run.status", wake)];
      return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
    },
  });
}
