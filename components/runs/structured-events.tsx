"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { type RefObject, useRef } from "react";
import { stringify, truncate, type AgentEvent, type LogEntry } from "./log-format";

export function StructuredEvents({ entries, count }: { entries: RefObject<LogEntry[]>; count: number }) {
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
    case "usage":
      // Never stored (the budget watch reads it); the result shows the totals.
      return null;
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
