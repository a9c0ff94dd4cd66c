const HEARTBEAT_MS = 15_000;

export interface EventSink {
  send(event: { id?: number | string; event?: string; data: unknown }): void;
  readonly signal: AbortSignal;
}

/**
 * A Server-Sent Events response: `produce` writes events until it returns; a comment line every 15 s
 * keeps proxies from closing the connection; a client that leaves aborts `signal`.
 */
export function eventStreamResponse(request: Request, produce: (sink: EventSink) => Promise<void>): Response {
  const encoder = new TextEncoder();
  const abort = new AbortController();
  request.signal.addEventListener("abort", () => abort.abort());
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const write = (text: string) => {
        if (!abort.signal.aborted) controller.enqueue(encoder.encode(text));
      };
      const heartbeat = setInterval(() => write(": heartbeat\n\n"), HEARTBEAT_MS);
      const sink: EventSink = {
        signal: abort.signal,
        send: ({ id, event, data }) =>
          write(`${id === undefined ? "" : `id: ${id}\n`}${event ? `event: ${event}\n` : ""}data: ${JSON.stringify(data)}\n\n`),
      };
      try {
        write("retry: 2000\n\n");
        await produce(sink);
      } catch (error) {
        if (!abort.signal.aborted) sink.send({ event: "error", data: { message: String(error) } });
      } finally {
        clearInterval(heartbeat);
        if (!abort.signal.aborted) controller.close();
      }
    },
    cancel() {
      abort.abort();
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", "x-accel-buffering": "no" },
  });
}

/** Where a reconnecting client resumes: its Last-Event-ID header, or `?after=`. */
export function resumeAfter(request: Request): number {
  const value = request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("after") ?? "0";
  const seq = Number.parseInt(value, 10);
  return Number.isFinite(seq) && seq > 0 ? seq : 0;
}

/**
 * Sends what `read` returns as `event` at once, then again whenever it changes: re-read at each
 * wake-up `subscribe` reports (an in-process bus) and at least every `pollMs` (changes made by other
 * processes reach no bus here).
 */
export async function streamChanges<T>(
  sink: EventSink,
  options: { event: string; pollMs: number; read: () => Promise<T>; subscribe: (wake: () => void) => () => void },
): Promise<void> {
  let last = "";
  while (!sink.signal.aborted) {
    const changed = new Promise<void>((resolve) => {
      const timer = setTimeout(done, options.pollMs);
      const unsubscribe = options.subscribe(done);
      sink.signal.addEventListener("abort", done);
      function done() {
        clearTimeout(timer);
        unsubscribe();
        sink.signal.removeEventListener("abort", done);
        resolve();
      }
    });
    const value = await options.read();
    const serialized = JSON.stringify(value);
    if (serialized !== last) {
      last = serialized;
      sink.send({ event: options.event, data: value });
    }
    await changed;
  }
}
