import { AppError } from "../errors.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { PENDING_RUN_STATUSES } from "./status.ts";

/** One run of a task at a time: a second one while a run is queued or active is a 409 naming it. */
export async function assertNoActiveRun(db: Pick<Prisma.TransactionClient, "run">, taskId: string): Promise<void> {
  const active = await db.run.findFirst({ where: { taskId, status: { in: [...PENDING_RUN_STATUSES] } }, select: { number: true } });
  if (active) throw new AppError("conflict", `A run is already active: #${active.number}. Wait for it to finish or cancel it.`);
}
