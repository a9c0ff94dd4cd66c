import type { OutputStream } from "./output-spool.ts";

export type { OutputStream };

/**
 * The normalised events every adapter's parser produces from an agent's output.
 *
 * A command or a file change is reported once, when the stream carries its content (at the tool call for
 * Claude Code and Gemini, at completion for Codex, Cursor and OpenCode); other tools report a tool_call
 * and, when the CLI reports one, a tool_result. A message without a role is a line the parser could not
 * interpret, kept as text.
 */
export type AgentEvent =
  | { type: "message"; role?: MessageRole; text: string }
  | { type: "tool_call"; name: string; input?: unknown }
  | { type: "tool_result"; name?: string; output?: string; isError?: boolean }
  | { type: "command"; command: string; exitCode?: number; output?: string }
  | { type: "file_change"; path: string; change?: string }
  | ResultEvent
  | UsageEvent
  | { type: "error"; message: string };

/**
 * What the agent has used so far, from a CLI that reports it step by step; the run's budget watch reads
 * it, the log does not keep it (the result carries the total).
 */
export interface UsageEvent {
  type: "usage";
  tokens?: TokenUsage;
  costUsd?: number;
  model?: string;
}

export type MessageRole = "assistant" | "user" | "reasoning";

export interface ResultEvent {
  type: "result";
  success: boolean;
  summary?: string;
  tokens?: TokenUsage;
  costUsd?: number;
  /** The model that did most of the work, as the CLI names it. */
  model?: string;
}

/** input counts every input token the model read, cacheRead and cacheWrite included. */
export interface TokenUsage {
  input?: number;
  output?: number;
  total?: number;
  cacheRead?: number;
  cacheWrite?: number;
}

export interface AgentStreamParser {
  /** One complete line of output, without its newline. */
  pushLine(line: string, stream: OutputStream): AgentEvent[];
  /** The process ended; exitCode is null when a signal ended it. */
  finish(exitCode: number | null): AgentEvent[];
}
