import { aiderAdapter } from "./aider.ts";
import type { CliAgentKind } from "./cli-agent-schemas.ts";
import { claudeCodeAdapter } from "./claude-code.ts";
import { codexAdapter } from "./codex.ts";
import { commandAdapter } from "./command.ts";
import { cursorAdapter } from "./cursor.ts";
import { geminiAdapter } from "./gemini.ts";
import { opencodeAdapter } from "./opencode.ts";
import { scriptAdapter } from "./script.ts";
import type { AgentAdapter } from "./types.ts";

export { PROMPT_FILE_ENV } from "./command.ts";

export type AgentKind = CliAgentKind | "command" | "script";

export const agentAdapters: Record<AgentKind, AgentAdapter> = {
  "claude-code": claudeCodeAdapter,
  codex: codexAdapter,
  gemini: geminiAdapter,
  aider: aiderAdapter,
  opencode: opencodeAdapter,
  cursor: cursorAdapter,
  command: commandAdapter,
  script: scriptAdapter,
};

export interface DetectedAgent {
  kind: AgentKind;
  label: string;
  available: boolean;
  version?: string;
  /** Found on PATH, its version still being asked. */
  checking?: boolean;
}

export function adapterFor(kind: string): AgentAdapter | undefined {
  return Object.hasOwn(agentAdapters, kind) ? agentAdapters[kind as AgentKind] : undefined;
}

/**
 * Which agents this machine can run, found on PATH at each call (a CLI installed or updated meanwhile
 * counts); a version not yet known is `checking`. `wait` waits for every version.
 */
export function detectAgents(options: { wait?: boolean } = {}): Promise<DetectedAgent[]> {
  return Promise.all(
    Object.entries(agentAdapters).map(async ([kind, adapter]) => {
      const { available, version, checking } = await adapter.detect(options);
      return { kind: kind as AgentKind, label: adapter.label, available, ...(version === undefined ? {} : { version }), ...(checking ? { checking } : {}) };
    }),
  );
}
