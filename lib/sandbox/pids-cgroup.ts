import { randomUUID } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";

export interface PidsCgroup {
  maxProcesses: number;
  /** Prefixes argv so the process enters the cgroup before it starts anything. */
  wrap(argv: string[]): string[];
  /**
   * CPU time its processes used, in seconds, where the host accounts for it (cgroup v2's cpu.stat, or
   * a cpuacct cgroup beside it on v1); null elsewhere. Complete once its processes are gone.
   */
  cpuSeconds(): number | null;
  /** Removes the cgroup once its processes are gone; never fails, gives up after about a second. */
  remove(): Promise<void>;
}

const PREFIX = "code-orchestrator-run-";
const REMOVE_ATTEMPTS = 50;
/** Older than this, an empty run cgroup is a leftover: a live run enters its cgroup within milliseconds. */
const ORPHAN_AGE_MS = 60_000;
const REMOVE_RETRY_MS = 20;

let parentDirectory: string | null | undefined;
let cpuacctParent: string | null | undefined;

/**
 * RLIMIT_NPROC does not apply to root (the kernel exempts uid 0), so the process limit of a run is a
 * pids cgroup of its own, created next to the server's cgroup when the host lets us (cgroup v1 with
 * the pids controller, or v2 where the server's cgroup delegates pids to its children).
 */
export function createPidsCgroup(maxProcesses: number): PidsCgroup | null {
  if (parentDirectory === undefined) {
    parentDirectory = locatePidsParent();
    if (parentDirectory) removeOrphanedCgroups(parentDirectory);
    cpuacctParent = parentDirectory && locateV1Parent("cpuacct");
    if (cpuacctParent) removeOrphanedCgroups(cpuacctParent);
  }
  if (parentDirectory === null) return null;
  const directory = path.join(parentDirectory, `${PREFIX}${randomUUID()}`);
  try {
    mkdirSync(directory);
  } catch {
    return null;
  }
  try {
    writeFileSync(path.join(directory, "pids.max"), String(maxProcesses));
  } catch {
    rmdirSync(directory);
    return null;
  }
  const accounting = cpuacctParent ? createCpuacct(cpuacctParent) : null;
  const procsFiles = [directory, ...(accounting ? [accounting] : [])].map((each) => path.join(each, "cgroup.procs"));
  return {
    maxProcesses,
    // Writing 0 moves the writer itself; `exec` then keeps its pid, so nothing forks outside the cgroup.
    wrap: (argv) => ["/bin/sh", "-c", 'for procs in "$@"; do [ "$procs" = -- ] && break; echo 0 > "$procs" || exit 126; shift; done; shift; exec "$@"', "sh", ...procsFiles, "--", ...argv],
    cpuSeconds: () => (accounting ? cpuacctSeconds(accounting) : cpuStatSeconds(directory)),
    remove: async () => {
      await Promise.all([directory, ...(accounting ? [accounting] : [])].map(removeWhenEmpty));
    },
  };
}

function createCpuacct(parent: string): string | null {
  const directory = path.join(parent, `${PREFIX}${randomUUID()}`);
  try {
    mkdirSync(directory);
    return directory;
  } catch {
    return null;
  }
}

function cpuacctSeconds(directory: string): number | null {
  try {
    return Number(readFileSync(path.join(directory, "cpuacct.usage"), "utf8").trim()) / 1e9;
  } catch {
    return null;
  }
}

function cpuStatSeconds(directory: string): number | null {
  try {
    const usage = /^usage_usec (\d+)$/m.exec(readFileSync(path.join(directory, "cpu.stat"), "utf8"));
    return usage ? Number(usage[1]) / 1e6 : null;
  } catch {
    return null;
  }
}

/**
 * A server or worker killed while its runs were active (kill -9, a crash) left their cgroups behind:
 * the first run after a start removes those that are empty and old. Returns how many it removed.
 */
export function removeOrphanedCgroups(parent: string, now = Date.now()): number {
  let removed = 0;
  for (const name of readdirSync(parent)) {
    if (!name.startsWith(PREFIX)) continue;
    const directory = path.join(parent, name);
    try {
      if (now - statSync(directory).mtimeMs < ORPHAN_AGE_MS) continue;
      if (readFileSync(path.join(directory, "cgroup.procs"), "utf8").trim() !== "") continue;
      rmdirSync(directory);
      removed++;
    } catch {
      // Taken by a run meanwhile, or removed by another process: not a leftover.
    }
  }
  return removed;
}

// Best effort: a leftover empty directory costs nothing, unlike failing the run over it.
async function removeWhenEmpty(directory: string): Promise<void> {
  for (let attempt = 1; attempt <= REMOVE_ATTEMPTS; attempt++) {
    try {
      rmdirSync(directory);
      return;
    } catch (error) {
      // Busy while killed processes wait to be reaped (for good on a host whose init never reaps).
      if ((error as NodeJS.ErrnoException).code !== "EBUSY") return;
      await delay(REMOVE_RETRY_MS);
    }
  }
}

/** The directory run cgroups are made in, or null where the host allows none. */
export function locatePidsParent(): string | null {
  if (process.platform !== "linux") return null;
  const memberships = readFileSync("/proc/self/cgroup", "utf8").trim().split("\n").map(parseMembership);
  const mounts = readFileSync("/proc/self/mountinfo", "utf8").trim().split("\n").map(parseMount);

  const v1 = locateV1Parent("pids", memberships, mounts);
  if (v1) return v1;

  const v2 = memberships.find((membership) => membership.hierarchy === "0");
  const v2Mount = mounts.find((mount) => mount.type === "cgroup2");
  if (!v2 || !v2Mount) return null;
  const directory = directoryOf(v2Mount, v2.path);
  if (directory === null) return null;
  try {
    const delegated = readFileSync(path.join(directory, "cgroup.subtree_control"), "utf8").trim().split(" ");
    return delegated.includes("pids") ? directory : null;
  } catch {
    return null;
  }
}

/** Where the server's cgroup of a v1 controller is, or null without that hierarchy. */
function locateV1Parent(
  controller: string,
  memberships = readFileSync("/proc/self/cgroup", "utf8").trim().split("\n").map(parseMembership),
  mounts = readFileSync("/proc/self/mountinfo", "utf8").trim().split("\n").map(parseMount),
): string | null {
  const membership = memberships.find((each) => each.controllers.includes(controller));
  const mount = mounts.find((each) => each.type === "cgroup" && each.superOptions.includes(controller));
  return membership && mount ? directoryOf(mount, membership.path) : null;
}

interface Membership {
  hierarchy: string;
  controllers: string[];
  path: string;
}

function parseMembership(line: string): Membership {
  const [hierarchy = "", controllers = "", ...rest] = line.split(":");
  return { hierarchy, controllers: controllers.split(","), path: rest.join(":") };
}

interface Mount {
  root: string;
  mountPoint: string;
  type: string;
  superOptions: string[];
}

// mountinfo: id parent major:minor root mount-point options [optional…] - type source super-options
function parseMount(line: string): Mount {
  const [before = "", after = ""] = line.split(" - ");
  const fields = before.split(" ");
  const [type = "", , superOptions = ""] = after.split(" ");
  return { root: fields[3] ?? "", mountPoint: fields[4] ?? "", type, superOptions: superOptions.split(",") };
}

function directoryOf(mount: Mount, cgroupPath: string): string | null {
  const relative = path.posix.relative(mount.root, cgroupPath);
  if (relative.startsWith("..")) return null;
  return path.join(mount.mountPoint, relative);
}
