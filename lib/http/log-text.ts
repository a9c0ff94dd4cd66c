const PAGE = 5000;

/** A whole log as plain text, streamed page by page from its stored lines. */
export function logTextResponse(page: (afterSeq: number, limit: number) => Promise<Array<{ seq: number; text: string }>>): Response {
  const encoder = new TextEncoder();
  let after = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const events = await page(after, PAGE);
      if (events.length === 0) return controller.close();
      after = events.at(-1)!.seq;
      controller.enqueue(encoder.encode(events.map((event) => `${event.text}\n`).join("")));
    },
  });
  return new Response(body, { headers: { "content-type": "text/plain; charset=utf-8" } });
}
