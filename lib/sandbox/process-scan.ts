import { readdir, readFile } from "node:fs/promises";

export interface ProcessSnapshot {
  pid: number;
  /** NAME=value entries; empty for zombies and processes we may not inspect. */
  environ: string[];
  cmdline: string[];
}

/** Pids of the host's live processes (other than this one) that `matches` accepts, read from /proc. */
export async function findProcesses(matches: (process: ProcessSnapshot) => boolean): Promise<number[]> {
  const pids = (await listProc()).filter((name) => /^\d+$/.test(name)).map(Number);
  const snapshots = await Promise.all(pids.filter((pid) => pid !== process.pid).map(snapshot));
  return snapshots.filter((entry) => matches(entry)).map((entry) => entry.pid);
}

// Without /proc (not Linux) there is nothing to find beyond the process group.
async function listProc(): Promise<string[]> {
  try {
    return await readdir("/proc");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

async function snapshot(pid: number): Promise<ProcessSnapshot> {
  const [environ, cmdline] = await Promise.all([readNulSeparated(pid, "environ"), readNulSeparated(pid, "cmdline")]);
  return { pid, environ, cmdline };
}

async function readNulSeparated(pid: number, file: "environ" | "cmdline"): Promise<string[]> {
  try {
    return (await readFile(`/proc/${pid}/${file}`, "utf8")).split("\0").filter(Boolean);
  } catch {
    // The process exited while we looked, or belongs to another user.
    return [];
  }
}
