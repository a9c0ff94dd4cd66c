import { result } from "./events.ts";
import type { AgentEvent, ResultEvent } from "../logs/log-events.ts";

/**
 * Remembers what a parser needs at exit: whether the agent reported its own result, and the last
 * diagnostic line (stderr, or plain output for text agents): a CLI that fails before streaming, e.g. on a
 * bad API key, says why there.
 */
export class StreamOutcome {
  private resultSeen = false;
  private lastDiagnostic: string | undefined;

  noteDiagnostic(line: string): void {
    if (line.trim()) this.lastDiagnostic = line.trim();
  }

  observe(events: AgentEvent[]): AgentEvent[] {
    if (events.some((event) => event.type === "result")) this.resultSeen = true;
    return events;
  }

  /** The result from the exit code, unless the agent already reported one. */
  finish(exitCode: number | null, complete: (fromExit: ResultEvent) => ResultEvent = (fromExit) => fromExit): AgentEvent[] {
    if (this.resultSeen) return [];
    this.resultSeen = true;
    return [complete(this.resultFromExit(exitCode))];
  }

  // Without a diagnostic there is nothing to add to the run's own "exited with" line.
  private resultFromExit(exitCode: number | null): ResultEvent {
    if (exitCode === 0) return result({ success: true });
    return result({ success: false, summary: this.lastDiagnostic });
  }
}
