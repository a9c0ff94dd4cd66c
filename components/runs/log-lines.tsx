"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, type RefObject, useCallback, useLayoutEffect, useRef, useState } from "react";
import { ansiSpans, type LogEntry } from "./log-format";

/**
 * One row per line at a fixed height. 16 px keeps a million lines (16,000,000 px) under Firefox's
 * largest element height (~17.9M px); Chromium allows ~33.5M px.
 */
const ROW_HEIGHT = 16;
/** Within this distance of the bottom the view counts as "at the bottom". */
const BOTTOM_SLACK = ROW_HEIGHT * 2;

export function LogLines({ lines, count }: { lines: RefObject<LogEntry[]>; count: number }) {
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
