import { randomUUID } from "node:crypto";
import { link, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { KeyedQueue } from "../keyed-queue.ts";
import { processAlive, processStartTime } from "../process-alive.ts";
import { WorkspaceError } from "./workspace-error.ts";

const POLL_MS = 50;
const WAIT_LIMIT_MS = 15 * 60_000;
// A lock file that cannot be parsed was left by a holder that died while writing it.
const UNREADABLE_LOCK_STALE_MS = 5_000;

const turns = new KeyedQueue();

/**
 * Runs `task` while it alone may change the mirror: callers in this process queue up in order, and
 * other processes on this host are kept out by `<mirror>.lock`, which names its holder's pid.
 */
export async function withMirrorLock<T>(mirrorPath: string, task: () => Promise<T>): Promise<T> {
  const key = path.resolve(mirrorPath);
  return turns.run(key, () => withLockFile(`${key}.lock`, task));
}

async function withLockFile<T>(lockPath: string, task: () => Promise<T>): Promise<T> {
  await acquire(lockPath);
  try {
    return await task();
  } finally {
    await rm(lockPath, { force: true });
  }
}

interface LockHolder {
  host: string;
  pid: number;
  /** Absent where there is no /proc. */
  startTime?: string;
  nonce: string;
}

async function acquire(lockPath: string): Promise<void> {
  const mine: LockHolder = { host: os.hostname(), pid: process.pid, startTime: processStartTime(), nonce: randomUUID() };
  const deadline = Date.now() + WAIT_LIMIT_MS;
  for (;;) {
    try {
      await writeFile(lockPath, JSON.stringify(mine), { flag: "wx" });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const seen = await readFile(lockPath, "utf8").catch(() => null);
    if (seen !== null && (await isStale(lockPath, seen))) {
      await breakStaleLock(lockPath, seen);
      continue;
    }
    if (Date.now() > deadline) {
      const waited = `${WAIT_LIMIT_MS / 60_000} min`;
      throw new WorkspaceError("mirror_busy", `The mirror is still locked after ${waited} (${lockPath}: ${seen}).`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function isStale(lockPath: string, content: string): Promise<boolean> {
  const holder = parseHolder(content);
  if (!holder) {
    const age = await stat(lockPath).then((info) => Date.now() - info.mtimeMs, () => 0);
    return age > UNREADABLE_LOCK_STALE_MS;
  }
  // A holder on another host cannot be checked; it is waited for.
  return holder.host === os.hostname() && !processAlive(holder.pid, holder.startTime);
}

function parseHolder(content: string): LockHolder | null {
  try {
    const value = JSON.parse(content) as Partial<LockHolder>;
    return typeof value.host === "string" && typeof value.pid === "number" && typeof value.nonce === "string"
      ? (value as LockHolder)
      : null;
  } catch {
    return null;
  }
}

/**
 * Moves the stale lock aside atomically, so of two processes breaking it at once only one removes it;
 * if what was moved aside turns out to be a fresh lock taken meanwhile, it is put back.
 */
async function breakStaleLock(lockPath: string, staleContent: string): Promise<void> {
  const aside = `${lockPath}.stale-${randomUUID()}`;
  try {
    await rename(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  const moved = await readFile(aside, "utf8");
  if (moved !== staleContent) {
    await link(aside, lockPath).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "EEXIST") throw error;
    });
  }
  await rm(aside, { force: true });
}
