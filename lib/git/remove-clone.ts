import { rm } from "node:fs/promises";
import path from "node:path";
import { WorkspaceError } from "./workspace-error.ts";

/** Deletes a run's clone; links inside it are removed, never followed, so the mirror is untouched. */
export async function removeClone(clonePath: string): Promise<void> {
  if (!path.isAbsolute(clonePath)) {
    throw new WorkspaceError("invalid_argument", `The clone path "${clonePath}" must be absolute.`);
  }
  await rm(clonePath, { recursive: true, force: true });
}
