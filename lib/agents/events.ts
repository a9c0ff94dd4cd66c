// Builders for AgentEvent that leave out absent fields: events are stored as JSON beside each log line.
import type { AgentEvent, MessageRole, ResultEvent, TokenUsage } from "../logs/log-events.ts";

// The raw line keeps the whole text; an event only needs enough for the structured view.
const EVENT_TEXT_LIMIT = 4_000;

function definedFields<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

export function clip(text: string): string {
  return text.length > EVENT_TEXT_LIMIT ? `${text.slice(0, EVENT_TEXT_LIMIT)}… [${text.length - EVENT_TEXT_LIMIT} more characters]` : text;
}

export function message(text: string, role?: MessageRole): AgentEvent {
  return definedFields({ type: "message", role, text: clip(text) });
}

/** A message when there is text, nothing otherwise. */
export function messageIfAny(text: string | undefined, role?: MessageRole): AgentEvent[] {
  return text ? [message(text, role)] : [];
}

export function toolCall(name: string, input?: unknown): AgentEvent {
  return definedFields({ type: "tool_call", name, input });
}

export function toolResult(fields: { name?: string; output?: string; isError?: boolean }): AgentEvent {
  return definedFields({ type: "tool_result", ...fields, output: fields.output === undefined ? undefined : clip(fields.output) });
}

export function command(text: string, outcome: { exitCode?: number; output?: string } = {}): AgentEvent {
  return definedFields({
    type: "command",
    command: text,
    exitCode: outcome.exitCode,
    output: outcome.output === undefined ? undefined : clip(outcome.output),
  });
}

export function fileChange(path: string, change?: string): AgentEvent {
  return definedFields({ type: "file_change", path, change });
}

export function result(fields: { success: boolean; summary?: string; tokens?: TokenUsage; costUsd?: number; model?: string }): ResultEvent {
  return definedFields({
    type: "result",
    success: fields.success,
    summary: fields.summary === undefined ? undefined : clip(fields.summary),
    tokens: fields.tokens && tokenUsage(fields.tokens),
    costUsd: fields.costUsd,
    model: fields.model,
  });
}

export function agentError(text: string): AgentEvent {
  return { type: "error", message: clip(text) };
}

/** Token counts with the total filled in when both parts are known; undefined when nothing is known. */
function tokenUsage(tokens: TokenUsage): TokenUsage | undefined {
  const total = tokens.total ?? (tokens.input !== undefined && tokens.output !== undefined ? tokens.input + tokens.output : undefined);
  const usage = definedFields({ input: tokens.input, output: tokens.output, total, cacheRead: tokens.cacheRead, cacheWrite: tokens.cacheWrite });
  return Object.keys(usage).length > 0 ? usage : undefined;
}

/** Sums counts that may each be missing; undefined when all are. */
export function sumKnown(...counts: Array<number | undefined>): number | undefined {
  const known = counts.filter((count): count is number => count !== undefined);
  return known.length > 0 ? known.reduce((sum, count) => sum + count, 0) : undefined;
}
