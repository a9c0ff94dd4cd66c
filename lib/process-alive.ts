import { readFileSync } from "node:fs";

/**
 * State (field 3) and start time in clock ticks since boot (field 22) of /proc/<pid>/stat, or
 * undefined when there is no such process or no /proc. The command name (field 2) may hold spaces
 * and parentheses, so fields are counted from its closing parenthesis.
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

const hasProcFs = procStat(process.pid) !== undefined;

/** When the process started (where /proc tells it): recorded beside a pid, it keeps a reused pid from passing for the recorder. */
export function processStartTime(pid = process.pid): string | undefined {
  return procStat(pid)?.startTime;
}

/**
 * Whether `pid` is a running process (started at `startTime`, when given). A killed process stays a
 * zombie until its parent — often init, which may reap late — collects it, and `kill(pid, 0)` succeeds
 * on a zombie, so where /proc exists it is read instead.
 */
export function processAlive(pid: number, startTime?: string): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (hasProcFs) {
    const stat = procStat(pid);
    if (!stat || stat.state === "Z" || stat.state === "X") return false;
    return !startTime || stat.startTime === startTime;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** `<pid> <start time>`, as lock and owner files record their holder. */
export function processRecord(): string {
  const startTime = processStartTime();
  return startTime ? `${process.pid} ${startTime}` : String(process.pid);
}

/** Whether the holder a `processRecord()` names is still running; an empty or unreadable record names none. */
export function recordedProcessAlive(record: string): boolean {
  const [pid, startTime] = record.trim().split(/\s+/);
  return processAlive(Number(pid), startTime);
}
