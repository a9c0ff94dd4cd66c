"use server";

import { revalidatePath } from "next/cache";
import { sessionActor } from "@/lib/auth/actor";
import { actionResult } from "@/lib/http/action-result";
import { cancelRun } from "@/lib/pipeline/cancel-run";
import { getRun } from "@/lib/runs/queries";
import { spawnRun } from "@/lib/pipeline/spawn-run";

/** Queues a manual run of the task's agent; the page's task status (now `running`) is revalidated. */
export async function spawnRunAction(taskId: string) {
  const actor = await sessionActor();
  return actionResult(async () => {
    const run = await spawnRun(actor, String(taskId));
    revalidatePath(`/tasks/${run.taskId}`);
    return { runId: run.id };
  });
}

/** Cancels a run: a queued one at once, an active one by asking its worker (the status follows on the stream). */
export async function cancelRunAction(runId: string) {
  const actor = await sessionActor();
  return actionResult(async () => {
    const result = await cancelRun(actor, String(runId));
    const run = await getRun(actor, result.id);
    revalidatePath(`/tasks/${run.taskId}`);
    return { status: result.status };
  });
}
