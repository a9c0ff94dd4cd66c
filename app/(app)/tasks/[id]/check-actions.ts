"use server";

import { sessionActor } from "@/lib/auth/actor";
import { rerunChecks } from "@/lib/pipeline/rerun-checks";
import { actionResult } from "@/lib/http/action-result";

/** Queues a new attempt of one check (or all) on the task's head; the panel follows on its stream. */
export async function rerunChecksAction(taskId: string, name?: string) {
  const actor = await sessionActor();
  return actionResult(async () => {
    const checks = await rerunChecks(actor, String(taskId), name === undefined ? {} : { name });
    return { queued: checks.length };
  });
}
