import { requirePermission, type Actor } from "../auth/permissions.ts";
import type { RunTrigger } from "../generated/prisma/enums.ts";
import { queueRun } from "./queue-run.ts";

export interface SpawnOptions {
  trigger?: RunTrigger;
  /** Appended to the spec's prompt: review feedback. */
  extraPrompt?: string;
}

/** A person (or an API client) asks for a run: queued at once, answered with the queued run. */
export async function spawnRun(actor: Actor | null, taskId: string, options: SpawnOptions = {}) {
  requirePermission(actor, "run.spawn");
  const run = await queueRun(taskId, { trigger: options.trigger ?? "manual", extraPrompt: options.extraPrompt, createdById: actor.id, viaToken: actor.token?.name ?? null });
  return run!;
}
