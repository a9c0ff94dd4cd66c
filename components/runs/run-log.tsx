"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode, type RefObject } from "react";
import type { RunDto } from "@/lib/runs/dto";
import { ansiSpans, parseLogPayload, stringify, truncate, type AgentEvent, type LogEntry } from "./log-format";

/**
 * One row per line at a fixed height. 16 px keeps a million lines (16,000,000 px) under Firefox's
 * largest element height (~17.9M px); Chromium allows ~33.5M px.
 */
const ROW_HEIGHT = 16;
/** Within this distance of the bottom the view counts as "at the bottom". */
const BOTTOM_SLACK = ROW_HEIGHT * 2;

type Phase = "connecting" | "live" | "reconnecting" | "ended" | "unavailable";
type Tab = "log" | "structured";

export interface RunLogProps {
  runId: string;
  /** Where the log's `events` stream and `log.txt` live: a run's by default, or a check run's. */
  apiBase?: string;
  /** Every `status` event of the stream (the run's current DTO). */
  onStatus?: (run: RunDto) => void;
}

/**
 * A run's live log from its SSE stream: lines kept in a ref and rendered through a virtualised list
 * (state updated at most once per animation frame), ANSI colours, follow mode, and a structured view
 * of the agent events found in the output.
 */
export function RunLog({ runId, apiBase = `/api/v1/runs/${encodeURIComponent(runId)}`, onStatus }: RunLogProps) {
  const lines = useRef<LogEntry[]>([]);
  const structured = useRef<LogEntry[]>([]);
  const lastSeq = useRef(0);
  const frame = useRef<number | null>(null);
  const onStatusRef = useRef(onStatus);
  const [lineCount, setLineCount] = useState(0);
  const [structuredCount, setStructuredCount] = useState(0);
  const [phase, setPhase] = useState<Phase>("connecting");
  const [streamError, setStreamError] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>("log");

  useEffect(() => {
    onStatusRef.current = onStatus;
  }, [onStatus]);

  useEffect(() => {
    lines.current = [];
    structured.current = [];
    lastSeq.current = 0;
    let closed = false;

    const flush = () => {
      frame.current = null;
      setLineCount(lines.current.length);
      setStructuredCount(structured.current.length);
    };
    const scheduleFlush = () => {
      if (frame.current === null) frame.current = requestAnimationFrame(flush);
    };
    scheduleFlush(); // shows the reset (0 lines) when the run changes

    const source = new EventSource(`${apiBase}/events`);
    source.onopen = () => {
      if (!closed) setPhase("live");
    };
    source.addEventListener("log", (event) => {
      const entry = parseLogPayload((event as MessageEvent<string>).data);
      if (!entry || entry.seq <= lastSeq.current) return; // already shown (a resumed stream never repeats, but be safe)
      lastSeq.current = entry.seq;
      lines.current.push(entry);
      if (entry.events) structured.current.push(entry);
      scheduleFlush();
    });
    source.addEventListener("status", (event) => {
      try {
        const run = JSON.parse((event as MessageEvent<string>).data) as RunDto;
        if (run && typeof run.id === "string") onStatusRef.current?.(run);
      } catch {
        // not a run: ignore
      }
    });
    source.addEventListener("end", () => {
      closed = true;
      source.close();
      setPhase("ended");
      scheduleFlush();
    });
    // Both the server's `event: error` (a MessageEvent with data) and connection failures arrive here.
    source.addEventListener("error", (event) => {
      if (closed) return;
      const data = (event as MessageEvent<unknown>).data;
      if (typeof data === "string" && data) {
        try {
          const message = (JSON.parse(data) as { message?: unknown }).message;
          setStreamError(typeof message === "string" ? message : data);
        } catch {
          setStreamError(data);
        }
      }
      // EventSource reconnects by itself (sending Last-Event-ID) unless the server refused the stream.
      setPhase(source.readyState === EventSource.CLOSED ? "unavailable" : "reconnecting");
    });

    return () => {
      closed = true;
      source.close();
      if (frame.current !== null) cancelAnimationFrame(frame.current);
      frame.current = null;
    };
  }, [runId, apiBase]);

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
          <a className="text-indigo-700 hover:underline" href={`${apiBase}/log.txt`} download={`run-${runId}.log`}>
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
function LogLines({ lines, count }: { lines: RefObject<LogEntry[]>; count: number }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [follow, setFollow] = useState(true);
  const followRef = useRef(true);
  const lastScrollTop = useRef(0);

  const setFollowing = useCallback((value: boolean) => {
    followRef.current = value;
    setFollow(value);
  }, []);

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 30,
  });

  // New lines (or turning follow back on): jump to the bottom before the browser paints.
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element || !follow) return;
    element.scrollTop = element.scrollHeight;
    lastScrollTop.current = element.scrollTop;
  }, [count, follow]);

  const onScroll = () => {
    const element = scrollRef.current;
    if (!element) return;
    const top = element.scrollTop;
    const atBottom = element.scrollHeight - top - element.clientHeight <= BOTTOM_SLACK;
    if (atBottom) {
      if (!followRef.current) setFollowing(true);
    } else if (top < lastScrollTop.current && followRef.current) {
      setFollowing(false); // the user scrolled up
    }
    lastScrollTop.current = top;
  };

  return (
    <div className="relative">
      <div
        ref={scrollRef}
        data-testid="run-log"
        onScroll={onScroll}
        tabIndex={0}
        aria-label="Run log"
        className="max-h-[28rem] overflow-auto rounded-md bg-slate-950 font-mono text-xs text-slate-200"
      >
        {count === 0 ? (
          <p className="p-3 text-slate-500">No output yet.</p>
        ) : (
          <div className="relative min-w-full" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const entry = lines.current[item.index];
              return entry ? <LogRow key={entry.seq} entry={entry} top={item.start} /> : null;
            })}
          </div>
        )}
      </div>
      {!follow ? (
        <button
          type="button"
          onClick={() => setFollowing(true)}
          className="absolute bottom-3 right-5 rounded-full bg-indigo-600 px-3 py-1 text-xs font-medium text-white shadow hover:bg-indigo-500"
        >
          Follow ↓
        </button>
      ) : null}
      <p className="sr-only" aria-live="polite">
        {follow ? "Following new output" : "Not following new output"}
      </p>
    </div>
  );
}

const STREAM_STYLE: Record<LogEntry["stream"], string> = {
  stdout: "",
  stderr: "bg-red-950/40 text-red-200",
  system: "bg-indigo-950/60 text-indigo-200 italic",
};

const LogRow = memo(function LogRow({ entry, top }: { entry: LogEntry; top: number }) {
  entry.spans ??= ansiSpans(entry.text);
  return (
    <div
      data-testid="log-line"
      data-seq={entry.seq}
      data-stream={entry.stream}
      className={`absolute left-0 top-0 flex min-w-full whitespace-pre pr-3 ${STREAM_STYLE[entry.stream]}`}
      style={{ height: ROW_HEIGHT, lineHeight: `${ROW_HEIGHT}px`, transform: `translateY(${top}px)` }}
    >
      <span className="w-16 shrink-0 select-none pr-2 text-right text-slate-500">{entry.seq}</span>
      {entry.stream === "system" ? <span className="select-none pr-1 text-indigo-400">›</span> : null}
      <span>
        {entry.spans.map((span, index) => (
          <span key={index} style={span.style}>
            {span.text}
          </span>
        ))}
      </span>
    </div>
  );
});

/** The lines that carry agent events, as cards (variable heights, measured). */
function StructuredEvents({ entries, count }: { entries: RefObject<LogEntry[]>; count: number }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 64,
    overscan: 8,
    getItemKey: (index) => entries.current[index]?.seq ?? index,
  });

  return (
    <div ref={scrollRef} data-testid="run-events" className="max-h-[28rem] overflow-auto rounded-md border border-slate-200 bg-slate-50">
      {count === 0 ? (
        <p className="p-3 text-sm text-slate-500">No agent events recognised in the output yet.</p>
      ) : (
        <div className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const entry = entries.current[item.index];
            if (!entry?.events) return null;
            return (
              <div
                key={item.key}
                ref={virtualizer.measureElement}
                data-index={item.index}
                className="absolute left-0 top-0 w-full space-y-2 px-3 py-1.5"
                style={{ transform: `translateY(${item.start}px)` }}
              >
                {entry.events.map((event, index) => (
                  <EventCard key={index} event={event} seq={entry.seq} />
                ))}
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}

const CARD = "rounded-md border bg-white px-3 py-2 text-sm shadow-sm";

function CardHeader({ label, seq, tone = "text-slate-500" }: { label: string; seq: number; tone?: string }) {
  return (
    <div className="mb-1 flex items-center justify-between text-xs">
      <span className={`font-semibold uppercase tracking-wide ${tone}`}>{label}</span>
      <span className="text-slate-500">line {seq}</span>
    </div>
  );
}

function Pre({ children }: { children: string }) {
  return <pre className="max-h-40 overflow-auto whitespace-pre-wrap break-words rounded bg-slate-100 p-1.5 font-mono text-xs">{children}</pre>;
}

function EventCard({ event, seq }: { event: AgentEvent; seq: number }) {
  switch (event.type) {
    case "message":
      return (
        <div data-testid="agent-event" data-type="message" className={`${CARD} border-slate-200`}>
          <CardHeader label={`message${event.role ? ` · ${event.role}` : ""}`} seq={seq} />
          <p className="whitespace-pre-wrap break-words">{truncate(event.text, 4000)}</p>
        </div>
      );
    case "tool_call":
      return (
        <div data-testid="agent-event" data-type="tool_call" className={`${CARD} border-sky-200`}>
          <CardHeader label="tool call" seq={seq} tone="text-sky-700" />
          <p className="font-mono text-xs font-semibold">{event.name}</p>
          {event.input !== undefined ? <Pre>{stringify(event.input, 1500)}</Pre> : null}
        </div>
      );
    case "tool_result":
      return (
        <div data-testid="agent-event" data-type="tool_result" className={`${CARD} ${event.isError ? "border-red-300" : "border-sky-100"}`}>
          <CardHeader label={`tool result${event.name ? ` · ${event.name}` : ""}${event.isError ? " · error" : ""}`} seq={seq} tone={event.isError ? "text-red-700" : "text-sky-700"} />
          {event.output !== undefined ? <Pre>{stringify(event.output, 1500)}</Pre> : null}
        </div>
      );
    case "command": {
      const failed = event.exitCode !== undefined && event.exitCode !== 0;
      return (
        <div data-testid="agent-event" data-type="command" className={`${CARD} ${failed ? "border-red-300" : "border-slate-200"}`}>
          <CardHeader label="command" seq={seq} />
          <p className="break-all font-mono text-xs">
            <span className="select-none text-slate-400">$ </span>
            {truncate(event.command, 1000)}
            {event.exitCode !== undefined ? (
              <span className={`ml-2 rounded px-1 ${failed ? "bg-red-100 text-red-700" : "bg-green-100 text-green-700"}`}>exit {event.exitCode}</span>
            ) : null}
          </p>
          {event.output ? <Pre>{truncate(event.output, 1500)}</Pre> : null}
        </div>
      );
    }
    case "file_change":
      return (
        <div data-testid="agent-event" data-type="file_change" className={`${CARD} border-emerald-200`}>
          <CardHeader label={`file ${event.change ?? "change"}`} seq={seq} tone="text-emerald-700" />
          <p className="break-all font-mono text-xs">{event.path}</p>
        </div>
      );
    case "result":
      return (
        <div data-testid="agent-event" data-type="result" className={`${CARD} ${event.success ? "border-green-300" : "border-red-300"}`}>
          <CardHeader label={`result · ${event.success ? "success" : "failure"}`} seq={seq} tone={event.success ? "text-green-700" : "text-red-700"} />
          {event.summary ? <p className="whitespace-pre-wrap break-words">{truncate(event.summary, 4000)}</p> : null}
          <dl className="mt-1 flex flex-wrap gap-x-4 text-xs text-slate-600">
            {event.tokens?.input !== undefined ? <Stat label="input tokens" value={event.tokens.input.toLocaleString()} /> : null}
            {event.tokens?.output !== undefined ? <Stat label="output tokens" value={event.tokens.output.toLocaleString()} /> : null}
            {event.tokens?.total !== undefined ? <Stat label="total tokens" value={event.tokens.total.toLocaleString()} /> : null}
            {event.costUsd !== undefined ? <Stat label="cost" value={`$${event.costUsd.toFixed(4)}`} /> : null}
          </dl>
        </div>
      );
    case "error":
      return (
        <div data-testid="agent-event" data-type="error" className={`${CARD} border-red-300 bg-red-50 text-red-700`}>
          <CardHeader label="error" seq={seq} tone="text-red-700" />
          <p className="whitespace-pre-wrap break-words">{truncate(event.message, 4000)}</p>
        </div>
      );
    default:
      return (
        <div data-testid="agent-event" data-type="unknown" className={`${CARD} border-slate-200`}>
          <CardHeader label="event" seq={seq} />
          <Pre>{stringify(event.raw, 1000)}</Pre>
        </div>
      );
  }
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="inline">{label}: </dt>
      <dd className="inline font-medium text-slate-800">{value}</dd>
    </div>
  );
}
