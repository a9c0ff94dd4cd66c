import { prisma } from "../db/client.ts";
import { isUniqueViolation } from "../db/errors.ts";
import { publish } from "../events/bus.ts";

/**
 * Adds one system line after a run's log — written by someone other than the run's own log
 * (the reconciler, or a worker that finds its run settled by another): a line taken by a racing
 * writer moves this one after it.
 */
export async function appendSystemLine(runId: string, text: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const last = await prisma.runEvent.findFirst({ where: { runId }, orderBy: { seq: "desc" }, select: { seq: true } });
    try {
      await prisma.runEvent.create({ data: { runId, seq: (last?.seq ?? 0) + 1, stream: "system", text } });
      publish("log.stored", { ownerId: runId });
      return;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
}
