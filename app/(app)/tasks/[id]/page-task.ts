import { notFound } from "next/navigation";
import { cache } from "react";
import { requirePageActor } from "@/lib/auth/page-actor";
import { AppError } from "@/lib/errors";
import { getTask } from "@/lib/tasks/queries";

/** The task a page shows, read once per request (its title and its body share it); unknown → the 404 page. */
export const pageTask = cache(async (id: string) => {
  const actor = await requirePageActor();
  try {
    return await getTask(actor, id);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
});
