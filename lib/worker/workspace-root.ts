import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { processRecord, recordedProcessAlive } from "../process-alive.ts";

/**
 * Removes the workspaces left by workers of this machine that are gone (a crash, a kill), with their
 * clones. `npm start` does it before it opens the database, so a disk filled by a runaway agent's
 * workspace is freed before anything needs to write.
 */
export async function removeDeadWorkspaces(workspacesDir: string, keep?: string): Promise<void> {
  const entries = await readdir(workspacesDir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name === keep) continue;
    const owner = await readFile(path.join(workspacesDir, entry.name, "owner.pid"), "utf8").catch(() => "");
    if (!recordedProcessAlive(owner)) await rm(path.join(workspacesDir, entry.name), { recursive: true, force: true });
  }
}

/**
 * Each worker owns `<workspacesDir>/<workerId>` (its clones and agent homes). Folders left by workers
 * of this machine that are gone are removed, so a crash leaves no clone behind for long.
 */
export async function claimWorkspaceRoot(workspacesDir: string, workerId: string): Promise<string> {
  await mkdir(workspacesDir, { recursive: true });
  await removeDeadWorkspaces(workspacesDir, workerId);
  const root = path.join(workspacesDir, workerId);
  await mkdir(root, { recursive: true });
  await writeFile(path.join(root, "owner.pid"), processRecord());
  return root;
}
