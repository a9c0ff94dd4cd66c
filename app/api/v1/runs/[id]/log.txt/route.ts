import { apiRoute } from "@/lib/http/api-route";
import { getRun, runEventsAfter } from "@/lib/runs/queries";

export const dynamic = "force-dynamic";

const PAGE = 5000;

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => {
  const run = await getRun(actor, params.id);
  const encoder = new TextEncoder();
  let after = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const events = await runEventsAfter(run.id, after, PAGE);
      if (events.length === 0) return controller.close();
      after = events.at(-1)!.seq;
      controller.enqueue(encoder.encode(events.map((event) => `${event.text}\n`).join("")));
    },
  });
  return new Response(body, { headers: { "content-type": "text/plain; charset=utf-8" } });
});
