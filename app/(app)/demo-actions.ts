"use server";

import { redirect } from "next/navigation";
import { sessionActor } from "@/lib/auth/actor";
import { createDemo } from "@/lib/demo/create-demo";
import { actionResult } from "@/lib/http/action-result";

/** Creates the demo repository and task, queues its first run, and opens the task. */
export async function createDemoAction() {
  const actor = await sessionActor();
  const result = await actionResult(() => createDemo(actor));
  if (!result.ok) return result;
  redirect(`/tasks/${result.data.id}`);
}
