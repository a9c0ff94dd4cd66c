import type { EventSink } from "../http/event-stream.ts";
import { prisma } from "../db/client.ts";
import { runDto } from "./dto.ts";
import { runEventsAfter } from "./queries.ts";
import { isFinalRunStatus } from "./status.ts";
import { nextEvent } from "../events/bus.ts";

const PAGE = 1000;
// A worker in another process does not reach this process's bus: the database is read this often anyway.
const POLL_MS = 250;

/**
 * Sends a run's log events after `afterSeq` (each with `id: <seq>`, so a reconnect resumes with
 * Last-Event-ID), a `status` event whenever the run's status changes, and `end` once the run has
 * finished and every event is sent.
 */
export async function streamRunEvents(runId: string, afterSeq: number, sink: EventSink): Promise<void> {
  let lastSeq = afterSeq;
  let lastStatus: string | null = null;
  while (!sink.signal.aborted) {
    const wake = nextEvent(["log.stored", "run.status"], runId, POLL_MS, sink.signal);
    const run = await prisma.run.findUniqueOrThrow({ where: { id: runId } });
    if (run.status !== lastStatus) {
      lastStatus = run.status;
      sink.send({ event: "status", data: runDto(run) });
    }
    for (;;) {
      const events = await runEventsAfter(runId, lastSeq, PAGE);
      for (const event of events) {
        sink.send({ id: event.seq, event: "log", data: { seq: event.seq, stream: event.stream, text: event.text, data: event.data } });
      }
      if (events.length > 0) lastSeq = events.at(-1)!.seq;
      if (events.length < PAGE) break;
    }
    if (isFinalRunStatus(run.status)) {
      sink.send({ event: "end", data: { status: run.status, lastSeq } });
      return;
    }
    await wake;
  }
}
