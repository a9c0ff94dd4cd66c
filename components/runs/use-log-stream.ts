"use client";

import { type RefObject, useEffect, useRef, useState } from "react";
import { type LogKind, logUrls } from "@/components/api-client";
import type { RunDto } from "@/lib/runs/dto";
import { type LogEntry, parseLogPayload } from "./log-format";

export type Phase = "connecting" | "live" | "reconnecting" | "ended" | "unavailable";

export interface LogStream {
  /** Every line so far, kept in a ref: a fast log re-renders at most once per animation frame. */
  lines: RefObject<LogEntry[]>;
  /** The lines that carry agent events. */
  structured: RefObject<LogEntry[]>;
  lineCount: number;
  structuredCount: number;
  phase: Phase;
  streamError: string | null;
}

/** A run's or a check's log stream: lines in order (resumed after a reconnect), its phase, and each `status` to `onStatus`. */
export function useLogStream(kind: LogKind, runId: string, onStatus?: (run: RunDto) => void): LogStream {
  const lines = useRef<LogEntry[]>([]);
  const structured = useRef<LogEntry[]>([]);
  const lastSeq = useRef(0);
  const frame = useRef<number | null>(null);
  const onStatusRef = useRef(onStatus);
  const [lineCount, setLineCount] = useState(0);
  const [structuredCount, setStructuredCount] = useState(0);
  const [phase, setPhase] = useState<Phase>("connecting");
  const [streamError, setStreamError] = useState<string | null>(null);
  const eventsUrl = logUrls(kind, runId).events;

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

    const source = new EventSource(eventsUrl);
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
  }, [runId, eventsUrl]);

  return { lines, structured, lineCount, structuredCount, phase, streamError };
}
