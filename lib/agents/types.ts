import type { AgentStreamParser } from "../logs/log-events.ts";

export interface AgentDetection {
  available: boolean;
  version?: string;
  path?: string;
  /** Found, its version still being asked. */
  checking?: boolean;
}

export interface AgentInvocationInput {
  prompt: string;
  /** A file holding the prompt, readable inside the sandbox. */
  promptFile: string;
  /** The task's agent spec (including `kind`); validated by the adapter's schema. */
  options: Record<string, unknown>;
  /** What is left of the task's budget, in USD, for a CLI that can stop itself there. */
  budgetUsd?: number;
}

export interface AgentInvocation {
  argv: string[];
  stdin: string | null;
  /** Variables telling the CLI it runs inside an isolating sandbox: given only when it does (bubblewrap). */
  sandboxedEnv?: Record<string, string>;
}

export interface AgentAdapter {
  kind: string;
  label: string;
  binary: string;
  /**
   * The hosts of the model APIs the CLI calls by default (allowed to its runs under the `allowlist`
   * network policy); a CLI with any cannot work without a network.
   */
  modelHosts?: string[];
  detect(options?: { wait?: boolean }): Promise<AgentDetection>;
  buildInvocation(input: AgentInvocationInput): AgentInvocation;
  createParser(): AgentStreamParser;
}
