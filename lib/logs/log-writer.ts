import { StringDecoder } from "node:string_decoder";
import type { Prisma } from "../generated/prisma/client.ts";
import type { LogStream } from "../generated/prisma/enums.ts";

export interface LogLine {
  seq: number;
  stream: LogStream;
  text: string;
  data?: Prisma.InputJsonValue;
}

export interface LogWriterOptions {
  /** Stores one batch; called one batch at a time, in order. */
  store: (lines: LogLine[]) => Promise<void>;
  /** True while more output is known to be on its way (read, not yet written here): a partial line then waits. */
  outputPending?: () => boolean;
  /** Structured events an agent's output line stands for (kept with the line). */
  annotate?: (text: string, stream: LogStream) => Prisma.InputJsonValue | undefined;
  firstSeq?: number;
  batchMs?: number;
  batchLines?: number;
  partialLineMs?: number;
  maxLineLength?: number;
}

type OutputStream = Exclude<LogStream, "system">;

// One INSERT's worth: a backlog is stored in pieces of this many lines.
const MAX_STORE_LINES = 5_000;

/**
 * Turns an agent's output chunks into numbered lines and stores them in batches: a batch is written
 * when it reaches `batchLines` or `batchMs` after its first line, whichever comes first; a partial line
 * (no newline yet) is written as a line once it has waited `partialLineMs`. One store is in flight at
 * a time, and the lines that arrive meanwhile go together in the next one as soon as it returns: when
 * storing is slow, batches grow instead of queueing, so a line waits about one store, not one store
 * per earlier batch.
 */
export class LogWriter {
  private seq: number;
  private batch: LogLine[] = [];
  private batchTimer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  /** Lines in the store in flight: one store at a time, so while this is above 0 a store is running. */
  private inFlight = 0;
  private failure: unknown = null;
  private readonly partial: Record<OutputStream, string> = { stdout: "", stderr: "" };
  private readonly partialTimers: Record<OutputStream, NodeJS.Timeout | null> = { stdout: null, stderr: null };
  private readonly decoders: Record<OutputStream, StringDecoder> = {
    stdout: new StringDecoder("utf8"),
    stderr: new StringDecoder("utf8"),
  };
  private readonly batchMs: number;
  private readonly batchLines: number;
  private readonly partialLineMs: number;
  private readonly maxLineLength: number;

  constructor(private readonly options: LogWriterOptions) {
    this.seq = options.firstSeq ?? 0;
    this.batchMs = options.batchMs ?? 100;
    this.batchLines = options.batchLines ?? 500;
    this.partialLineMs = options.partialLineMs ?? 100;
    this.maxLineLength = options.maxLineLength ?? 64 * 1024;
  }

  get lastSeq(): number {
    return this.seq;
  }

  /** Lines accepted but not yet stored: the caller pauses the agent's output while this is high. */
  get backlog(): number {
    return this.batch.length + this.inFlight;
  }

  write(stream: OutputStream, chunk: Buffer | string): void {
    const text = this.partial[stream] + (typeof chunk === "string" ? chunk : this.decoders[stream].write(chunk));
    const lines = text.split("\n");
    this.partial[stream] = lines.pop() ?? "";
    for (const line of lines) this.addLine(stream, line.endsWith("\r") ? line.slice(0, -1) : line);
    this.schedulePartialFlush(stream);
  }

  system(text: string, data?: Prisma.InputJsonValue): void {
    this.push({ seq: ++this.seq, stream: "system", text, ...(data === undefined ? {} : { data }) });
  }

  /**
   * Resolves once every batch so far is written; rejects if a write failed. A partial line waits
   * meanwhile: the rest of it may be queued behind this flush, not missing.
   */
  async flush(): Promise<void> {
    for (const stream of ["stdout", "stderr"] as const) {
      if (this.partialTimers[stream]) clearTimeout(this.partialTimers[stream]!);
      this.partialTimers[stream] = null;
    }
    do {
      this.writeBatch();
      await this.writing;
    } while ((this.inFlight > 0 || this.batch.length > 0) && !this.failure);
    if (this.failure) throw this.failure;
    this.schedulePartialFlush("stdout");
    this.schedulePartialFlush("stderr");
  }

  async close(): Promise<void> {
    for (const stream of ["stdout", "stderr"] as const) {
      const rest = this.partial[stream] + this.decoders[stream].end();
      this.partial[stream] = "";
      if (this.partialTimers[stream]) clearTimeout(this.partialTimers[stream]!);
      if (rest) this.addLine(stream, rest);
    }
    await this.flush();
  }

  private addLine(stream: OutputStream, line: string): void {
    for (let start = 0; start < line.length || start === 0; start += this.maxLineLength) {
      const text = line.slice(start, start + this.maxLineLength);
      const data = this.options.annotate?.(text, stream);
      this.push({ seq: ++this.seq, stream, text, ...(data === undefined ? {} : { data }) });
      if (line.length === 0) break;
    }
  }

  private schedulePartialFlush(stream: OutputStream): void {
    if (this.partialTimers[stream]) clearTimeout(this.partialTimers[stream]!);
    this.partialTimers[stream] = null;
    if (!this.partial[stream]) return;
    this.partialTimers[stream] = setTimeout(() => {
      this.partialTimers[stream] = null;
      if (this.options.outputPending?.()) return this.schedulePartialFlush(stream);
      const line = this.partial[stream];
      this.partial[stream] = "";
      if (line) this.addLine(stream, line);
    }, this.partialLineMs);
  }

  private push(line: LogLine): void {
    this.batch.push(line);
    if (this.inFlight > 0) return;
    if (this.batch.length >= this.batchLines) this.writeBatch();
    else this.batchTimer ??= setTimeout(() => this.writeBatch(), this.batchMs);
  }

  /** Stores what is waiting (at most MAX_STORE_LINES at once), unless a store is in flight: its end writes it. */
  private writeBatch(): void {
    if (this.batchTimer) clearTimeout(this.batchTimer);
    this.batchTimer = null;
    if (this.inFlight > 0 || this.batch.length === 0) return;
    const lines = this.batch.splice(0, MAX_STORE_LINES);
    this.inFlight = lines.length;
    this.writing = (async () => {
      try {
        if (!this.failure) await this.options.store(lines);
      } catch (error) {
        this.failure = error;
      } finally {
        this.inFlight = 0;
      }
      // The lines that came during the store have waited long enough.
      if (this.failure) this.batch = [];
      else this.writeBatch();
    })();
  }
}
