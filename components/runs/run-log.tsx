"use client";

import { type ReactNode, useState } from "react";
import { type LogKind, logUrls } from "@/components/api-client";
import type { RunDto } from "@/lib/runs/dto";
import { LogLines } from "./log-lines";
import { StructuredEvents } from "./structured-events";
import { type Phase, useLogStream } from "./use-log-stream";

type Tab = "log" | "structured";

export interface RunLogProps {
  runId: string;
  /** Whose log: a run's (the default) or a check run's. */
  kind?: LogKind;
  /** Every `status` event of the stream (the run's current DTO). */
  onStatus?: (run: RunDto) => void;
}

/**
 * A run's live log from its SSE stream: lines rendered through a virtualised list, ANSI colours,
 * follow mode, and a structured view of the agent events found in the output.
 */
export function RunLog({ runId, kind = "runs", onStatus }: RunLogProps) {
  const { lines, structured, lineCount, structuredCount, phase, streamError } = useLogStream(kind, runId, onStatus);
  const [tab, setTab] = useState<Tab>("log");
  const urls = logUrls(kind, runId);

  return (
    <div className="space-y-2" data-run-id={runId}>
      <div className="flex flex-wrap items-center justify-between gap-2 text-xs">
        <div className="flex items-center gap-1" role="tablist" aria-label="Log view">
          <TabButton selected={tab === "log"} onClick={() => setTab("log")}>
            Log
          </TabButton>
          <TabButton selected={tab === "structured"} onClick={() => setTab("structured")}>
            Structured{structuredCount > 0 ? ` (${structuredCount.toLocaleString()})` : ""}
          </TabButton>
        </div>
        <div className="flex items-center gap-3 text-slate-600">
          <PhaseIndicator phase={phase} />
          <span data-testid="log-line-count">
            {lineCount.toLocaleString()} line{lineCount === 1 ? "" : "s"}
          </span>
          <a className="text-indigo-700 hover:underline" href={urls.text} download={`run-${runId}.log`}>
            Download log
          </a>
        </div>
      </div>
      {streamError ? <p className="text-xs text-red-600">Log stream error: {streamError}</p> : null}
      {tab === "log" ? (
        <LogLines lines={lines} count={lineCount} />
      ) : (
        <StructuredEvents entries={structured} count={structuredCount} />
      )}
    </div>
  );
}

function TabButton({ selected, onClick, children }: { selected: boolean; onClick: () => void; children: ReactNode }) {
  return (
    <button
      type="button"
      role="tab"
      aria-selected={selected}
      onClick={onClick}
      className={`rounded-md px-2.5 py-1 font-medium ${selected ? "bg-slate-800 text-white" : "text-slate-600 hover:bg-slate-100"}`}
    >
      {children}
    </button>
  );
}

const PHASES: Record<Phase, { label: string; dot: string }> = {
  connecting: { label: "connecting…", dot: "bg-slate-400" },
  live: { label: "live", dot: "bg-green-500 animate-pulse" },
  reconnecting: { label: "reconnecting…", dot: "bg-amber-500" },
  ended: { label: "ended", dot: "bg-slate-400" },
  unavailable: { label: "stream unavailable", dot: "bg-red-500" },
};

function PhaseIndicator({ phase }: { phase: Phase }) {
  const { label, dot } = PHASES[phase];
  return (
    <span data-testid="log-phase" data-phase={phase} className="inline-flex items-center gap-1.5">
      <span aria-hidden className={`inline-block h-2 w-2 rounded-full ${dot}`} />
      {label}
    </span>
  );
}

/** The raw log: a fixed-height virtualised list that follows the bottom until the user scrolls up. */
