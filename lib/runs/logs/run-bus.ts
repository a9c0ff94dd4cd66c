import { EventEmitter } from "node:events";
import type { RunStatus } from "../../generated/prisma/enums.ts";

/**
 * In-process notifications: new log events were stored, a run changed status, a run was queued.
 * Readers (SSE) use them only as a wake-up and read the database, so a run executed by a worker in
 * another process is still seen, just by polling.
 */
class RunBus extends EventEmitter {
  constructor() {
    super();
    this.setMaxListeners(0);
  }

  emitEvents(runId: string): void {
    this.emit(`events:${runId}`);
  }

  emitStatus(runId: string, status: RunStatus): void {
    this.emit(`events:${runId}`);
    this.emit("status", runId, status);
  }

  emitQueued(): void {
    this.emit("queued");
  }

  /** Resolves at the next change of the run, or after `timeoutMs`. */
  waitForRun(runId: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.off(`events:${runId}`, done);
        signal?.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.once(`events:${runId}`, done);
      signal?.addEventListener("abort", done);
    });
  }
}

const globalForBus = globalThis as unknown as { runBus?: RunBus };
export const runBus: RunBus = globalForBus.runBus ?? new RunBus();
globalForBus.runBus = runBus;
