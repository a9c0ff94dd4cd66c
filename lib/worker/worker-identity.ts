import { randomBytes } from "node:crypto";
import os from "node:os";
import { processAlive } from "../process-alive.ts";

/** `<host>-<pid>-<random>`: lets a worker on the same host tell that another one's process is gone. */
export function newWorkerId(): string {
  return `${os.hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
}

export function isDeadLocalWorker(workerId: string | null): boolean {
  const match = workerId ? /^(.*)-(\d+)-[0-9a-f]{6}$/.exec(workerId) : null;
  if (!match || match[1] !== os.hostname()) return false;
  const pid = Number(match[2]);
  if (pid === process.pid) return false;
  return !processAlive(pid);
}
