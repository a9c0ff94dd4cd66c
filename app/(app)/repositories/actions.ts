"use server";

import { revalidatePath } from "next/cache";
import { sessionActor } from "@/lib/auth/actor";
import { actionResult } from "@/lib/http/action-result";
import { createRepository } from "@/lib/repositories/create-repository";
import { updateRepository } from "@/lib/repositories/update-repository";

export async function createRepositoryAction(input: unknown) {
  const actor = await sessionActor();
  return actionResult(async () => {
    const repository = await createRepository(actor, input);
    revalidatePath("/repositories");
    return { id: repository.id };
  });
}

export async function updateRepositoryAction(repositoryId: string, input: unknown) {
  const actor = await sessionActor();
  return actionResult(async () => {
    const repository = await updateRepository(actor, repositoryId, input);
    revalidatePath(`/repositories/${repositoryId}`);
    return { id: repository.id };
  });
}
