import { prisma } from "../db/client.ts";
import type { RunStatus } from "../generated/prisma/enums.ts";
import { isFinalRunStatus } from "../runs/status.ts";

/** Reads until `accept` takes what was read; after `timeoutMs`, fails with `what` and the last value. */
export async function until<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value, (_, v) => (typeof v === "bigint" ? String(v) : v))}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The run, once its status is one `accept` takes. */
export function runWhose(runId: string, accept: (status: RunStatus) => boolean, timeoutMs?: number) {
  return until(() => prisma.run.findUniqueOrThrow({ where: { id: runId } }), (run) => accept(run.status), `run ${runId}`, timeoutMs);
}

/** The run, once it has ended. */
export function finishedRun(runId: string, timeoutMs?: number) {
  return runWhose(runId, isFinalRunStatus, timeoutMs);
}
