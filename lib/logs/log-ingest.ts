import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { helperSingleton } from "../helper-singleton.ts";
import type { AgentEnd } from "./agent-outcome.ts";
import type { IngestReply, IngestRequest, LogOwner } from "./ingest-protocol.ts";
import type { UsageEvent } from "./log-events.ts";
import { SpoolWriter, type OutputStream } from "./output-spool.ts";

// Resolved from the project root: the thread loads the project's own files at run time (with tsx).
const BOOT_FILE = path.join(process.cwd(), "lib", "logs", "ingest-thread-boot.mjs");
// Enough for batches of long lines; small enough that the thread collects its garbage promptly.
const THREAD_LIMITS = { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 4 };

interface Waiter<T> {
  resolve(value: T): void;
  reject(error: Error): void;
}

interface SessionState {
  onStored: () => void;
  onUsage?: (usage: UsageEvent) => void;
  ended?: Waiter<AgentEnd>;
  closed?: Waiter<number>;
  failure?: Error;
}

/** The one log ingest thread of this process, started on first use and again after a crash. */
class IngestThread {
  private readonly worker: Worker;
  private readonly sessions = new Map<string, SessionState>();
  dead = false;

  constructor(entryFile: string) {
    const boot = BOOT_FILE;
    if (!existsSync(boot)) throw new Error(`The log ingest thread's files are missing (${boot}): start the server from the project's directory.`);
    // Started from source text, so Next's bundler does not replace the thread's files with a bundle of them.
    const start = `import(${JSON.stringify(pathToFileURL(boot).href)}).catch((error) => { console.error("log ingest thread:", error); process.exit(1); });`;
    this.worker = new Worker(start, {
      eval: true,
      workerData: { entry: pathToFileURL(entryFile).href },
      resourceLimits: THREAD_LIMITS,
    });
    this.worker.unref();
    this.worker.on("message", (message: IngestReply) => this.receive(message));
    this.worker.on("error", (error) => this.die(error));
    this.worker.on("exit", (code) => this.die(new Error(`The log ingest thread exited with ${code}.`)));
  }

  open(owner: LogOwner, spoolFile: string, firstSeq: number, onStored: () => void, onUsage?: (usage: UsageEvent) => void): string {
    const id = randomUUID();
    this.sessions.set(id, { onStored, onUsage });
    this.post({ type: "open", id, owner, spoolFile, firstSeq });
    return id;
  }

  post(request: IngestRequest): void {
    this.worker.postMessage(request);
  }

  waitEnded(id: string): Promise<AgentEnd> {
    return this.wait(id, "ended");
  }

  waitClosed(id: string): Promise<number> {
    return this.wait(id, "closed");
  }

  private wait<K extends "ended" | "closed">(id: string, kind: K): Promise<NonNullable<SessionState[K]> extends Waiter<infer T> ? T : never> {
    const state = this.sessions.get(id);
    if (!state) return Promise.reject(new Error("The log ingest session is gone."));
    if (state.failure) return Promise.reject(state.failure);
    return new Promise((resolve, reject) => {
      (state[kind] as unknown) = { resolve, reject };
    });
  }

  private receive(message: IngestReply): void {
    const state = this.sessions.get(message.id);
    if (!state) return;
    switch (message.type) {
      case "stored":
        state.onStored();
        break;
      case "usage":
        state.onUsage?.(message.usage);
        break;
      case "ended":
        state.ended?.resolve({ events: message.events, result: message.result });
        break;
      case "closed":
        this.sessions.delete(message.id);
        state.closed?.resolve(message.lastSeq);
        break;
      case "failed":
        this.fail(state, new Error(`The log could not be stored: ${message.error}`));
        break;
    }
  }

  private die(error: Error): void {
    if (this.dead) return;
    this.dead = true;
    for (const state of this.sessions.values()) this.fail(state, error);
  }

  private fail(state: SessionState, error: Error): void {
    state.failure = error;
    state.ended?.reject(error);
    state.closed?.reject(error);
  }
}

let threadEntry: string | null = null;
const ingestThread = helperSingleton("logIngestThread", () => {
  if (!threadEntry) throw new Error("The log ingest thread is not started: call startLogIngest first.");
  return new IngestThread(threadEntry);
});

/**
 * Starts the ingest thread from `entryFile` (a module that calls `serveLogIngest`), ahead of the first
 * log so none waits for it; later calls keep the thread that runs.
 */
export function startLogIngest(entryFile: string): void {
  threadEntry ??= entryFile;
  ingestThread();
}

/**
 * A run's or a check's log: output is spooled here as it arrives and turned into stored lines by the
 * ingest thread; `system` adds the orchestrator's own lines in order with the output.
 */
export class LogIngest {
  private readonly thread = ingestThread();
  private readonly spool: SpoolWriter;
  private readonly id: string;
  private flushing: NodeJS.Immediate | null = null;
  /** Why the spool could not be written (a full disk): the run stops, its lines so far are stored. */
  private writeFailure: Error | null = null;

  constructor(owner: LogOwner, options: { spoolFile: string; firstSeq?: number; onStored: () => void; /** What the agent used so far, as it reports it. */ onUsage?: (usage: UsageEvent) => void }) {
    this.spool = new SpoolWriter(options.spoolFile);
    this.id = this.thread.open(owner, options.spoolFile, options.firstSeq ?? 0, options.onStored, options.onUsage);
  }

  /** Throws once the spool cannot be written: the sandbox then stops the run (its onOutput contract). */
  append(stream: OutputStream, data: Buffer): void {
    if (this.writeFailure) throw this.writeFailure;
    try {
      this.spool.append(stream, data);
    } catch (error) {
      this.writeFailure = error instanceof Error ? error : new Error(String(error));
      throw this.writeFailure;
    }
    // Chunks read in the same turn of the event loop go to the file, and to the thread, together.
    this.flushing ??= setImmediate(() => this.flush());
  }

  system(text: string, data?: unknown): void {
    this.flush();
    this.thread.post({ type: "system", id: this.id, offset: this.spool.offset, text, data });
  }

  /**
   * No more output: resolves once every output line is stored, with the agent parser's final events and
   * the agent's result. `stoppedBecause`: the orchestrator stopped the agent, so no result is a success.
   */
  end(exitCode: number | null, stoppedBecause: string | null = null): Promise<AgentEnd> {
    this.flush();
    const ended = this.thread.waitEnded(this.id);
    this.thread.post({ type: "end", id: this.id, exitCode, stoppedBecause });
    return ended;
  }

  /** Stores what is left and removes the spool; resolves with the last sequence number. */
  async close(): Promise<number> {
    this.flush();
    const closed = this.thread.waitClosed(this.id);
    this.thread.post({ type: "close", id: this.id });
    try {
      return await closed;
    } finally {
      this.spool.remove();
    }
  }

  /** The write failure that stopped the log, if any. */
  get failure(): Error | null {
    return this.writeFailure;
  }

  // Never throws: it runs from a timer (where a throw would be an uncaught exception) and before the
  // orchestrator's own lines, which must still be stored when the disk is full.
  private flush(): void {
    if (this.flushing) clearImmediate(this.flushing);
    this.flushing = null;
    if (this.writeFailure) return;
    const before = this.spool.offset;
    try {
      this.spool.flush();
    } catch (error) {
      this.writeFailure = error instanceof Error ? error : new Error(String(error));
    }
    if (this.spool.offset > before) this.thread.post({ type: "written", id: this.id, offset: this.spool.offset });
  }
}
