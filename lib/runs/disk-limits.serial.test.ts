// An agent that fills the disk: past the run's disk limit it is stopped and fails with "disk limit";
// on a filesystem that really fills up (ENOSPC, here a 48 MB tmpfs holding the workspaces) the run
// ends failed and cleanly — no uncaught exception, its clone removed — and the next run works.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { startWorker, type Worker } from "../worker/worker.ts";
import { createBareGitRepo, createTestActor, createTestRepository, createTestTask } from "../testing/factories.ts";
import { finishedRun } from "../testing/until.ts";
import { spawnRun } from "../pipeline/spawn-run.ts";

const upstreams: Array<{ remove(): Promise<void> }> = [];
let operator: Actor;

beforeAll(async () => {
  operator = await createTestActor("operator");
});
afterAll(async () => {
  await prisma.setting.deleteMany({ where: { key: "runDiskLimitBytes" } });
  await Promise.all(upstreams.map((upstream) => upstream.remove()));
});

async function scriptTask(script: string) {
  const upstream = await createBareGitRepo(["main"]);
  upstreams.push(upstream);
  const repository = await createTestRepository({ upstream: upstream.path, maxConcurrentRuns: 4 });
  return createTestTask(repository, operator, { agent: { kind: "script", script } });
}

async function withWorker<T>(options: { workspacesDir?: string }, work: (worker: Worker) => Promise<T>): Promise<T> {
  const worker = await startWorker({ pollMs: 200, ...options });
  try {
    return await work(worker);
  } finally {
    await worker.stop();
  }
}

describe("a run's disk", () => {
  it("is limited: past the limit the agent is stopped and the run fails with 'disk limit'", async () => {
    await prisma.setting.upsert({ where: { key: "runDiskLimitBytes" }, create: { key: "runDiskLimitBytes", value: 8 * 1024 ** 2 }, update: { value: 8 * 1024 ** 2 } });
    const task = await scriptTask("for i in $(seq 200); do head -c 1048576 /dev/zero >> big.bin; sleep 0.05; done; echo wrote everything");
    await withWorker({}, async (worker) => {
      const run = await finishedRun((await spawnRun(operator, task.id)).id, 60_000);
      expect(run.status).toBe("failed");
      expect(run.error).toMatch(/^Disk limit: the run's workspace reached \d+ MB, over its limit of 8 MB; its processes were stopped\.$/);
      const log = await prisma.runEvent.findMany({ where: { runId: run.id }, orderBy: { seq: "asc" } });
      expect(log.some((line) => line.text === "wrote everything")).toBe(false);
      expect(existsSync(path.join(worker.workspaceRoot, run.id))).toBe(false);
    });
    await prisma.setting.deleteMany({ where: { key: "runDiskLimitBytes" } });
  }, 90_000);

  it("filling the filesystem (ENOSPC) fails the run cleanly, frees its space, and the next run works", async (context) => {
    const mountPoint = await mkdtemp(path.join("/var/tmp", "orch-full-disk-"));
    try {
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=48m", "tmpfs", mountPoint], { stdio: "ignore" });
    } catch {
      rmSync(mountPoint, { recursive: true, force: true });
      return context.skip("mounting a small tmpfs needs root");
    }
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on("uncaughtException", onUncaught);
    try {
      const workspacesDir = path.join(mountPoint, "workspaces");
      mkdirSync(workspacesDir);
      // Fills the disk, then keeps talking: the output has nowhere to go either.
      const filler = await scriptTask("dd if=/dev/zero of=fill.bin bs=1M count=100 2>/dev/null; for i in $(seq 20000); do echo \"still talking $i\"; done; sleep 1; echo done");
      await withWorker({ workspacesDir }, async (worker) => {
        const run = await finishedRun((await spawnRun(operator, filler.id)).id, 60_000);
        expect(run.status).toBe("failed");
        expect(run.error).toMatch(/^The disk is full \(ENOSPC: no space left on device, write\); the run was stopped\.$/);
        expect(readdirSync(worker.workspaceRoot).filter((name) => name.startsWith(run.id))).toEqual([]);

        const next = await scriptTask("echo fine > fine.txt");
        expect((await finishedRun((await spawnRun(operator, next.id)).id, 60_000)).status).toBe("succeeded");
      });
      expect(uncaught).toEqual([]);
    } finally {
      process.off("uncaughtException", onUncaught);
      execFileSync("umount", ["-l", mountPoint]);
      rmSync(mountPoint, { recursive: true, force: true });
    }
  }, 120_000);
});
