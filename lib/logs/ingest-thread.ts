import { setTimeout as sleep } from "node:timers/promises";
import { parentPort } from "node:worker_threads";
import pg from "pg";
import { poolConfig } from "../db/config.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { AgentStreamParser } from "./log-events.ts";
import { type AgentEnd, AgentOutcome } from "./agent-outcome.ts";
import type { IngestReply, IngestRequest, LogOwner } from "./ingest-protocol.ts";
import { LogWriter } from "./log-writer.ts";
import { SpoolReader } from "./output-spool.ts";
import { storeLogLines } from "./store-log-lines.ts";

/**
 * The log ingest thread: reads spooled output back, splits it into lines, parses agent events and
 * stores batches. Its heap is small and its own, so a run writing at full speed neither grows the
 * server's memory nor holds up the event loop that drains the agent's pipes. Its entry (in the
 * worker) calls `serveLogIngest` with the agents' output parsers.
 */
export type ParserFor = (agentKind: string) => AgentStreamParser | undefined;

const LOG_BACKLOG_LIMIT = 1_000;
const BURST_BYTES = 1024 * 1024;
const BURST_PAUSE_MS = 100;
const port = parentPort!;
let parserFor: ParserFor = () => undefined;
const pool = new pg.Pool({ ...poolConfig(), max: 4 });
const sessions = new Map<string, IngestSession>();

class IngestSession {
  private readonly reader: SpoolReader;
  private readonly writer: LogWriter;
  private readonly agent: AgentOutcome | undefined;
  private readonly systemLines: { offset: number; text: string; data?: unknown }[] = [];
  private readonly reading: Promise<void>;

  constructor(
    private readonly id: string,
    owner: LogOwner,
    spoolFile: string,
    firstSeq: number,
  ) {
    this.reader = new SpoolReader(spoolFile);
    const parser = owner.kind === "run" && owner.agentKind ? parserFor(owner.agentKind) : undefined;
    this.agent = parser && new AgentOutcome(parser, owner.kind === "run" ? owner.workdir : undefined);
    this.writer = new LogWriter({
      firstSeq,
      outputPending: () => this.reader.pending,
      store: async (lines) => {
        await storeLogLines(pool, owner, lines);
        reply({ type: "stored", id });
      },
      annotate: this.agent ? (text, stream) => annotate(this.agent!, text, stream) : undefined,
    });
    this.reading = this.read();
    // Awaited by end() and close(); a failure before then must not crash the thread.
    this.reading.catch(() => undefined);
  }

  advance(offset: number): void {
    this.reader.advance(offset);
  }

  system(offset: number, text: string, data?: unknown): void {
    this.systemLines.push({ offset, text, data });
    this.releaseSystemLines();
  }

  async end(exitCode: number | null, stoppedBecause: string | null): Promise<AgentEnd> {
    this.reader.end();
    await this.reading;
    return this.agent?.finish(exitCode, stoppedBecause) ?? { events: [], result: null };
  }

  async close(): Promise<number> {
    this.reader.end();
    await this.reading;
    this.releaseSystemLines(true);
    try {
      await this.writer.close();
    } finally {
      this.reader.close();
    }
    return this.writer.lastSeq;
  }

  private async read(): Promise<void> {
    for await (const chunk of this.reader.chunks()) {
      this.writer.write(chunk.stream, chunk.data);
      const usage = this.agent?.takeUsage();
      if (usage) reply({ type: "usage", id: this.id, usage });
      this.releaseSystemLines();
      if (this.writer.backlog > LOG_BACKLOG_LIMIT) {
        await this.writer.flush();
        // The agent is writing faster than lines can be stored: leave it the CPU (the spool holds
        // the output) and keep the live log moving at a slower pace until the burst ends.
        if (this.reader.pendingBytes > BURST_BYTES && !this.reader.complete) await sleep(BURST_PAUSE_MS);
      }
    }
  }

  private releaseSystemLines(all = false): void {
    while (this.systemLines.length > 0 && (all || this.systemLines[0]!.offset <= this.reader.offset)) {
      const line = this.systemLines.shift()!;
      this.writer.system(line.text, line.data as Prisma.InputJsonValue | undefined);
    }
  }
}

function annotate(agent: AgentOutcome, text: string, stream: "stdout" | "stderr" | "system") {
  if (stream === "system") return undefined;
  const events = agent.pushLine(text, stream);
  return events.length > 0 ? (events as unknown as Prisma.InputJsonValue) : undefined;
}

function reply(message: IngestReply): void {
  port.postMessage(message);
}

function failed(id: string, error: unknown): void {
  sessions.delete(id);
  reply({ type: "failed", id, error: error instanceof Error ? error.message : String(error) });
}

/** Serves the ingest requests of the thread's parent, parsing runs' output with `parsers`. */
export function serveLogIngest(parsers: ParserFor): void {
  parserFor = parsers;
  port.on("message", receive);
}

function receive(request: IngestRequest): void {
  if (request.type === "open") {
    try {
      sessions.set(request.id, new IngestSession(request.id, request.owner, request.spoolFile, request.firstSeq));
    } catch (error) {
      failed(request.id, error);
    }
    return;
  }
  const session = sessions.get(request.id);
  if (!session) return;
  switch (request.type) {
    case "written":
      session.advance(request.offset);
      break;
    case "system":
      session.system(request.offset, request.text, request.data);
      break;
    case "end":
      session.end(request.exitCode, request.stoppedBecause).then(
        (ended) => reply({ type: "ended", id: request.id, ...ended }),
        (error: unknown) => failed(request.id, error),
      );
      break;
    case "close":
      session.close().then(
        (lastSeq) => {
          sessions.delete(request.id);
          reply({ type: "closed", id: request.id, lastSeq });
        },
        (error: unknown) => failed(request.id, error),
      );
      break;
  }
}
