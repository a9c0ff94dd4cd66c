"use server";

import { revalidatePath } from "next/cache";
import { sessionActor } from "@/lib/auth/actor";
import { actionResult } from "@/lib/http/action-result";
import { updateAgentEnv } from "@/lib/repositories/update-agent-env";
import { updateAgentConfig } from "@/lib/repositories/agent-config";
import { updateGithubConnection } from "@/lib/repositories/update-github-connection";
import { updateSettings } from "@/lib/settings/update-settings";

export async function updateSettingsAction(input: unknown) {
  const actor = await sessionActor();
  return actionResult(async () => {
    await updateSettings(actor, input);
    revalidatePath("/admin/settings");
  });
}

export async function updateAgentEnvAction(repositoryId: string, input: unknown) {
  const actor = await sessionActor();
  return actionResult(async () => {
    const result = await updateAgentEnv(actor, repositoryId, input);
    revalidatePath("/admin/settings");
    return result;
  });
}

export async function updateAgentConfigAction(repositoryId: string, input: unknown) {
  const actor = await sessionActor();
  return actionResult(async () => {
    const result = await updateAgentConfig(actor, repositoryId, input);
    revalidatePath("/admin/settings");
    return result;
  });
}

export async function updateGithubConnectionAction(repositoryId: string, input: unknown) {
  const actor = await sessionActor();
  return actionResult(async () => {
    const result = await updateGithubConnection(actor, repositoryId, input);
    revalidatePath("/admin/settings");
    return result;
  });
}
