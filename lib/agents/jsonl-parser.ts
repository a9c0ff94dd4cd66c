import { message } from "./events.ts";
import { parseJsonObject, type JsonObject } from "./json-fields.ts";
import { StreamOutcome } from "./stream-outcome.ts";
import type { AgentEvent, AgentStreamParser, ResultEvent } from "../logs/log-events.ts";

export interface JsonlEventMapper {
  /** The events one JSON line stands for; undefined for an event type the adapter does not know. */
  map(event: JsonObject): AgentEvent[] | undefined;
  /** Adds what the stream reported along the way (e.g. usage summed over steps) to the result at exit. */
  completeResult?(fromExit: ResultEvent): ResultEvent;
  /** Events still held when the stream ends (a message arriving in pieces). */
  flush?(): AgentEvent[];
}

/**
 * A parser for CLIs that print one JSON object per stdout line. Lines that are not JSON objects, and
 * events of unknown types, become role-less messages holding the line, so nothing is lost and a format
 * change never throws. stderr is diagnostics only.
 */
export function createJsonlParser(mapper: JsonlEventMapper): AgentStreamParser {
  const outcome = new StreamOutcome();
  return {
    pushLine(line, stream) {
      if (stream === "stderr") {
        outcome.noteDiagnostic(line);
        return [];
      }
      const text = line.trim();
      if (!text) return [];
      const event = parseJsonObject(text);
      return outcome.observe((event && mapper.map(event)) ?? [message(text)]);
    },
    finish(exitCode) {
      return [...outcome.observe(mapper.flush?.() ?? []), ...outcome.finish(exitCode, mapper.completeResult?.bind(mapper))];
    },
  };
}
