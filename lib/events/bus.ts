import { EventEmitter } from "node:events";
import type { RunStatus } from "../generated/prisma/enums.ts";

/**
 * Every event of this process's bus, by name, with what changed as ids: listeners use an event as a
 * wake-up and read the rows, so changes made by another process are still seen, by polling.
 */
export interface BusEvents {
  /** New lines of a run's or a check run's log were stored. */
  "log.stored": { ownerId: string };
  "run.status": { runId: string; status: RunStatus };
  "run.queued": Record<string, never>;
  "run.cancel": { runId: string };
  "checks.queued": Record<string, never>;
  "check.stop": { checkRunId: string; reason: string };
  /** A task's checks were queued, stopped or finished. */
  "checks.changed": { taskId: string };
  "notifications.changed": { userId: string };
  /** Webhook messages are due to be sent. */
  "webhooks.queued": Record<string, never>;
}

export type BusEventName = keyof BusEvents;

// The id a listener may narrow an event to (its run, check run, task or user).
const KEY_OF: { [Name in BusEventName]?: (payload: BusEvents[Name]) => string } = {
  "log.stored": (payload) => payload.ownerId,
  "run.status": (payload) => payload.runId,
  "run.cancel": (payload) => payload.runId,
  "check.stop": (payload) => payload.checkRunId,
  "checks.changed": (payload) => payload.taskId,
  "notifications.changed": (payload) => payload.userId,
};

const globalForBus = globalThis as unknown as { eventBus?: EventEmitter };
const emitter: EventEmitter = globalForBus.eventBus ?? new EventEmitter().setMaxListeners(0);
globalForBus.eventBus = emitter;

const channel = (name: BusEventName, key?: string) => (key === undefined ? name : `${name}:${key}`);

export function publish<Name extends BusEventName>(name: Name, payload: BusEvents[Name]): void {
  emitter.emit(name, payload);
  const key = KEY_OF[name]?.(payload);
  if (key !== undefined) emitter.emit(channel(name, key), payload);
}

/** Calls `listener` on each `name` event (only those about `key` when given); returns the unsubscribe. */
export function subscribe<Name extends BusEventName>(name: Name, listener: (payload: BusEvents[Name]) => void, key?: string): () => void {
  const target = channel(name, key);
  emitter.on(target, listener);
  return () => emitter.off(target, listener);
}

/** Resolves at the next of `names` about `key`, after `timeoutMs`, or when `signal` aborts. */
export function nextEvent(names: BusEventName[], key: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const unsubscribes = names.map((name) => subscribe(name, done, key));
    const timer = setTimeout(done, timeoutMs);
    signal?.addEventListener("abort", done);
    function done() {
      clearTimeout(timer);
      for (const unsubscribe of unsubscribes) unsubscribe();
      signal?.removeEventListener("abort", done);
      resolve();
    }
  });
}
