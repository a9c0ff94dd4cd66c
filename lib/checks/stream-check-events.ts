import type { EventSink } from "../http/event-stream.ts";
import { prisma } from "../db/client.ts";
import { checkDto } from "./dto.ts";
import { checkEventsAfter } from "./queries.ts";
import { nextEvent } from "../events/bus.ts";

const PAGE = 1000;
// A worker in another process does not reach this process's bus: the database is read this often anyway.
const POLL_MS = 250;

/**
 * A check's log events after `afterSeq` (`id: <seq>`, so a reconnect resumes with Last-Event-ID), a
 * `status` event when it changes, and `end` once it is completed and every event is sent.
 */
export async function streamCheckEvents(checkRunId: string, afterSeq: number, sink: EventSink): Promise<void> {
  let lastSeq = afterSeq;
  let lastStatus: string | null = null;
  while (!sink.signal.aborted) {
    const wake = nextEvent(["log.stored"], checkRunId, POLL_MS, sink.signal);
    const check = await prisma.checkRun.findUniqueOrThrow({ where: { id: checkRunId } });
    const status = `${check.status}:${check.conclusion ?? ""}`;
    if (status !== lastStatus) {
      lastStatus = status;
      sink.send({ event: "status", data: checkDto(check) });
    }
    for (;;) {
      const events = await checkEventsAfter(checkRunId, lastSeq, PAGE);
      for (const event of events) sink.send({ id: event.seq, event: "log", data: { seq: event.seq, stream: event.stream, text: event.text } });
      if (events.length > 0) lastSeq = events.at(-1)!.seq;
      if (events.length < PAGE) break;
    }
    if (check.status === "completed") {
      sink.send({ event: "end", data: { status: check.status, conclusion: check.conclusion, lastSeq } });
      return;
    }
    await wake;
  }
}
