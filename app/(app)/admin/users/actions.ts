"use server";

import { revalidatePath } from "next/cache";
import { sessionActor } from "@/lib/auth/actor";
import { actionResult } from "@/lib/http/action-result";
import type { Role } from "@/lib/generated/prisma/enums";
import { createUser } from "@/lib/users/create-user";
import { updateUser } from "@/lib/users/update-user";

export async function createUserAction(input: { email: string; password: string; role: Role; name?: string }) {
  const actor = await sessionActor();
  return actionResult(async () => {
    const user = await createUser(actor, input);
    revalidatePath("/admin/users");
    return { id: user.id, email: user.email };
  });
}

export async function updateUserAction(userId: string, change: { role?: Role; disabled?: boolean }) {
  const actor = await sessionActor();
  return actionResult(async () => {
    const user = await updateUser(actor, String(userId), change);
    revalidatePath("/admin/users");
    return { id: user.id, role: user.role, disabled: user.disabled };
  });
}
