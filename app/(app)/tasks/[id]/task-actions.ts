"use server";

import { revalidatePath } from "next/cache";
import { sessionActor } from "@/lib/auth/actor";
import { actionResult } from "@/lib/http/action-result";
import { closeTask } from "@/lib/pipeline/close-task";
import { reopenTask } from "@/lib/pipeline/reopen-task";

export async function closeTaskAction(taskId: string, input: unknown) {
  const actor = await sessionActor();
  return actionResult(async () => {
    const task = await closeTask(actor, String(taskId), input);
    revalidatePath(`/tasks/${taskId}`);
    return { status: task.status };
  });
}

export async function reopenTaskAction(taskId: string) {
  const actor = await sessionActor();
  return actionResult(async () => {
    const task = await reopenTask(actor, String(taskId));
    revalidatePath(`/tasks/${taskId}`);
    return { status: task.status };
  });
}
