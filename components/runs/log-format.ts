import Anser from "anser";
import type { CSSProperties } from "react";
import type { AgentEvent as StoredAgentEvent } from "@/lib/logs/log-events";

/** Pure helpers for the run log view: parsing SSE payloads, agent events, ANSI colours, durations. */

export type LogStreamName = "stdout" | "stderr" | "system";

/** The agent events stored with a log line (lib/logs' vocabulary); `unknown` keeps anything this view does not know. */
export type AgentEvent = StoredAgentEvent | { type: "unknown"; raw: unknown };

export interface LogEntry {
  seq: number;
  stream: LogStreamName;
  text: string;
  events: AgentEvent[] | null;
  /** Parsed ANSI spans, filled the first time the line is rendered. */
  spans?: LogSpan[];
}

export interface LogSpan {
  text: string;
  style?: CSSProperties;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === "number" && Number.isFinite(value) ? value : undefined);

const ROLES = ["assistant", "user", "reasoning"] as const;

function normaliseEvent(raw: unknown): AgentEvent {
  if (!isRecord(raw)) return { type: "unknown", raw };
  switch (raw.type) {
    case "message":
      return { type: "message", role: ROLES.find((role) => role === raw.role), text: str(raw.text) ?? stringify(raw.text) };
    case "tool_call":
      return { type: "tool_call", name: str(raw.name) ?? "(unnamed tool)", input: raw.input };
    case "tool_result":
      return { type: "tool_result", name: str(raw.name), output: raw.output === undefined ? undefined : (str(raw.output) ?? stringify(raw.output)), isError: raw.isError === true };
    case "command":
      return { type: "command", command: str(raw.command) ?? stringify(raw.command), exitCode: num(raw.exitCode), output: str(raw.output) };
    case "file_change":
      return { type: "file_change", path: str(raw.path) ?? "(unknown path)", change: str(raw.change) };
    case "result": {
      const tokens = isRecord(raw.tokens)
        ? { input: num(raw.tokens.input), output: num(raw.tokens.output), total: num(raw.tokens.total) }
        : undefined;
      return { type: "result", success: raw.success === true, summary: str(raw.summary), tokens, costUsd: num(raw.costUsd) };
    }
    case "error":
      return { type: "error", message: str(raw.message) ?? stringify(raw.message ?? raw) };
    default:
      return { type: "unknown", raw };
  }
}

/** The agent events of a line's `data`, or null when it has none. */
export function normaliseAgentEvents(data: unknown): AgentEvent[] | null {
  if (data === null || data === undefined) return null;
  const list = Array.isArray(data) ? data : [data];
  return list.length === 0 ? null : list.map(normaliseEvent);
}

const STREAMS: readonly LogStreamName[] = ["stdout", "stderr", "system"];

/** A `log` event's JSON payload as an entry, or null when it is not one. */
export function parseLogPayload(json: string): LogEntry | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  if (!isRecord(value) || typeof value.seq !== "number") return null;
  const stream = STREAMS.includes(value.stream as LogStreamName) ? (value.stream as LogStreamName) : "stdout";
  return { seq: value.seq, stream, text: typeof value.text === "string" ? value.text : "", events: normaliseAgentEvents(value.data) };
}

/** JSON for display, cut to `max` characters. */
export function stringify(value: unknown, max = 2000): string {
  let text: string;
  if (typeof value === "string") text = value;
  else {
    try {
      text = JSON.stringify(value, null, 2) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return truncate(text, max);
}

export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${(text.length - max).toLocaleString()} more characters)` : text;
}

const ESCAPE = /\u001b/;

/** What a terminal would show of a line that rewrites itself with carriage returns. */
function lastRewrite(text: string): string {
  if (!text.includes("\r")) return text;
  const parts = text.split("\r").filter((part) => part.length > 0);
  return parts.at(-1) ?? "";
}

function spanStyle(entry: Anser.AnserJsonEntry): CSSProperties | undefined {
  const style: CSSProperties = {};
  let fg = entry.fg_truecolor || entry.fg;
  let bg = entry.bg_truecolor || entry.bg;
  if ((entry as { isInverted?: boolean }).isInverted) [fg, bg] = [bg, fg];
  // The log is dark: ANSI black text would vanish, so it is shown as the dim grey terminals use.
  if (fg) style.color = fg === "0, 0, 0" ? "rgb(128, 128, 128)" : `rgb(${fg})`;
  if (bg) style.backgroundColor = `rgb(${bg})`;
  const decorations = entry.decorations ?? [];
  if (decorations.includes("bold")) style.fontWeight = 700;
  if (decorations.includes("dim")) style.opacity = 0.65;
  if (decorations.includes("italic")) style.fontStyle = "italic";
  if (decorations.includes("hidden")) style.visibility = "hidden";
  const lines = [decorations.includes("underline") ? "underline" : "", decorations.includes("strikethrough") ? "line-through" : ""];
  if (lines.some(Boolean)) style.textDecoration = lines.filter(Boolean).join(" ");
  return Object.keys(style).length > 0 ? style : undefined;
}

/** A line as coloured text spans (ANSI SGR codes applied; other escape codes dropped). */
export function ansiSpans(raw: string): LogSpan[] {
  const text = lastRewrite(raw);
  if (!ESCAPE.test(text)) return [{ text }];
  try {
    return Anser.ansiToJson(text, { use_classes: false, remove_empty: true }).map((entry) => ({
      text: entry.content,
      style: spanStyle(entry),
    }));
  } catch {
    return [{ text: Anser.ansiToText(text) }];
  }
}

/** "1h 02m", "3m 05s", "12s", "850 ms". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = Math.floor(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, "0")}m`;
  if (m > 0) return `${m}m ${String(s).padStart(2, "0")}s`;
  return `${s}s`;
}

export function shortSha(sha: string | null | undefined): string | null {
  return sha ? sha.slice(0, 8) : null;
}
