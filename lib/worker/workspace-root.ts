import { readFileSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * Field 22 of /proc/<pid>/stat (start time in clock ticks since boot) and field 3 (state), or
 * undefined when the process does not exist or /proc is not there. The command name (field 2) may
 * hold spaces and parentheses, so the fields are counted from its closing parenthesis.
 */
function procStat(pid: number): { state: string; startTime: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0]!, startTime: fields[19]! };
  } catch {
    return undefined;
  }
}

const existsProcFs = procStat(process.pid) !== undefined;

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** What owner.pid records: the pid, and its start time where /proc tells it (so a reused pid is not taken for the owner). */
function ownerIdentity(): string {
  const startTime = procStat(process.pid)?.startTime;
  return startTime ? `${process.pid} ${startTime}` : String(process.pid);
}

/**
 * A killed process stays a zombie until its parent (often init, which may reap late) collects it, and
 * `kill(pid, 0)` succeeds on a zombie: where /proc exists, a zombie or a process started at another
 * time is not the owner.
 */
function ownerAlive(recorded: string): boolean {
  const [pidText, startTime] = recorded.trim().split(/\s+/);
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (!existsProcFs) return processExists(pid);
  const stat = procStat(pid);
  if (!stat || stat.state === "Z" || stat.state === "X") return false;
  return startTime === undefined || stat.startTime === startTime;
}

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
    if (!ownerAlive(owner)) await rm(path.join(workspacesDir, entry.name), { recursive: true, force: true });
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
  await writeFile(path.join(root, "owner.pid"), ownerIdentity());
  return root;
}
