import type { AgentEnd } from "./agent-outcome.ts";
import type { UsageEvent } from "./log-events.ts";
import type { OutputStream } from "./output-spool.ts";

/** Whose log the lines are: an agent run's or a check run's. */
export type LogOwner = { kind: "run"; runId: string; agentKind?: string; /** The clone the agent works in. */ workdir?: string } | { kind: "check"; checkRunId: string };

export type IngestRequest =
  | { type: "open"; id: string; owner: LogOwner; spoolFile: string; firstSeq: number }
  | { type: "written"; id: string; offset: number }
  /** A line of the orchestrator's own, placed after the output written up to `offset`. */
  | { type: "system"; id: string; offset: number; text: string; data?: unknown }
  /** No more output; `exitCode` finishes the agent's stream parser; `stoppedBecause` when the orchestrator stopped it. */
  | { type: "end"; id: string; exitCode: number | null; stoppedBecause: string | null }
  | { type: "close"; id: string };

export type IngestReply =
  | { type: "stored"; id: string }
  /** The agent reported what it used so far (read as its output is). */
  | { type: "usage"; id: string; usage: UsageEvent }
  | ({ type: "ended"; id: string } & AgentEnd)
  | { type: "closed"; id: string; lastSeq: number }
  | { type: "failed"; id: string; error: string };

export type { OutputStream };
