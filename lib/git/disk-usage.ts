import { execFile } from "node:child_process";

/**
 * Bytes the paths take on disk (`du`, in a child process, so a large tree never blocks the event
 * loop); null when it cannot be measured. Missing paths count as empty.
 */
export function diskUsageBytes(paths: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    execFile("du", ["-s", "-k", "-c", "--", ...paths], { timeout: 30_000 }, (_error, stdout) => {
      const total = /^(\d+)\s+total$/m.exec(stdout);
      resolve(total ? Number(total[1]) * 1024 : null);
    });
  });
}

/**
 * Measures `paths` every `intervalMs` and calls `exceeded` once when they hold more than `limitBytes`.
 * Returns a stop function.
 */
export function watchDiskUsage(paths: string[], limitBytes: number, exceeded: (usedBytes: number) => void, intervalMs = 2_000): () => void {
  let stopped = false;
  let measuring = false;
  const timer = setInterval(() => {
    if (measuring) return;
    measuring = true;
    void diskUsageBytes(paths).then((used) => {
      measuring = false;
      if (stopped || used === null || used <= limitBytes) return;
      stopped = true;
      clearInterval(timer);
      exceeded(used);
    });
  }, intervalMs);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
