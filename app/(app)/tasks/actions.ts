"use server";

import { revalidatePath } from "next/cache";
import { sessionActor } from "@/lib/auth/actor";
import { actionResult } from "@/lib/http/action-result";
import { createTask } from "@/lib/tasks/create-task";

export async function createTaskAction(input: unknown) {
  const actor = await sessionActor();
  return actionResult(async () => {
    const task = await createTask(actor, input);
    revalidatePath("/");
    return { id: task.id };
  });
}
