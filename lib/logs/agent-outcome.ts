import path from "node:path";
import type { AgentEvent, AgentStreamParser, ResultEvent, UsageEvent } from "./log-events.ts";

export interface AgentEnd {
  /** The parser's own events at exit (a result made from the exit code when the agent printed none). */
  events: AgentEvent[];
  /** What the run records as the agent's result: the agent's own last one, else the one made at exit. */
  result: ResultEvent | null;
}

/**
 * A run's parser as the log sees it: file changes the agent reported by their path in its clone shown
 * relative to it, and the agent's result remembered from the stream (a CLI prints its own, with its
 * tokens and cost, before it exits). When the orchestrator stopped the agent (a timeout, a cancel, a
 * limit), no result claims success: some CLIs exit 0 on SIGTERM or print a success as they go.
 */
export class AgentOutcome {
  private result: ResultEvent | null = null;
  private usage: UsageEvent | null = null;

  constructor(
    private readonly parser: AgentStreamParser,
    private readonly workdir: string | undefined,
  ) {}

  pushLine(line: string, stream: "stdout" | "stderr"): AgentEvent[] {
    return this.seen(this.parser.pushLine(line, stream));
  }

  finish(exitCode: number | null, stoppedBecause: string | null): AgentEnd {
    const stopped = (event: AgentEvent): AgentEvent => (event.type === "result" && stoppedBecause ? { ...event, success: false, summary: stoppedBecause } : event);
    const events = this.seen(this.parser.finish(exitCode)).map(stopped);
    return { events, result: this.result && (stopped(this.result) as ResultEvent) };
  }

  /** The usage the agent reported since the last call, if it reported any. */
  takeUsage(): UsageEvent | null {
    const usage = this.usage;
    this.usage = null;
    return usage;
  }

  private seen(events: AgentEvent[]): AgentEvent[] {
    const shown: AgentEvent[] = [];
    for (const event of events) {
      if (event.type === "usage") this.usage = event;
      else shown.push(event.type === "file_change" ? { ...event, path: this.inWorkdir(event.path) } : event);
      if (event.type === "result") this.result = event;
    }
    return shown;
  }

  private inWorkdir(file: string): string {
    if (!this.workdir || !path.isAbsolute(file)) return file;
    const relative = path.relative(this.workdir, file);
    return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : file;
  }
}
