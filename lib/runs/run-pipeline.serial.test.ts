// The whole run pipeline with real processes, real git, real bwrap and the real queue: spawn → claim →
// clone → sandboxed agent → log → commit → push. One file, so one in-process worker at a time.
import { execFileSync, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { reconcileStaleRuns } from "../worker/reconcile-runs.ts";
import { startWorker, type Worker } from "../worker/worker.ts";
import { createBareGitRepo, createTestActor, createTestRepository, createTestTask, uniqueName } from "../testing/factories.ts";
import { finishedRun, runWhose } from "../testing/until.ts";
import { cancelRun } from "../pipeline/cancel-run.ts";
import { spawnRun } from "../pipeline/spawn-run.ts";

const upstreams: Array<{ remove(): Promise<void> }> = [];
let operator: Actor;

beforeAll(async () => {
  operator = await createTestActor("operator");
});

afterAll(async () => {
  await Promise.all(upstreams.map((upstream) => upstream.remove()));
});

async function scriptTask(script: string, overrides: { timeoutSeconds?: number } = {}) {
  const upstream = await createBareGitRepo(["main"]);
  upstreams.push(upstream);
  const repository = await createTestRepository({ upstream: upstream.path, agentNetwork: "off", maxConcurrentRuns: 4 });
  const task = await createTestTask(repository, operator, { agent: { kind: "script", script }, ...overrides });
  return { upstream, repository, task };
}


function logOf(runId: string) {
  return prisma.runEvent.findMany({ where: { runId }, orderBy: { seq: "asc" } });
}

function refsOf(gitDir: string): string {
  return execFileSync("git", ["--git-dir", gitDir, "for-each-ref", "--format=%(refname) %(objectname)"], { encoding: "utf8" });
}

describe("a worker that dies mid-run", () => {
  it("leaves the run interrupted with a last log line, and a new run works", async () => {
    const { task } = await scriptTask("echo started; sleep 600");
    const run = await spawnRun(operator, task.id);
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], { env: process.env, stdio: "ignore" });
    try {
      await runWhose(run.id, (status) => status === "running", 30_000);
    } finally {
      child.kill("SIGKILL");
      await new Promise((resolve) => child.once("exit", resolve));
    }
    expect(await reconcileStaleRuns()).toContain(run.id);
    const interrupted = await prisma.run.findUniqueOrThrow({ where: { id: run.id } });
    expect(interrupted.status).toBe("interrupted");
    expect((await logOf(run.id)).at(-1)?.text).toMatch(/^Run interrupted: worker .* is gone/);

    await prisma.task.update({ where: { id: task.id }, data: { agent: { kind: "script", script: "echo again > again.txt" } } });
    const worker = await startWorker({ pollMs: 100, killGraceMs: 500 });
    try {
      const next = await spawnRun(operator, task.id);
      expect((await finishedRun(next.id)).status).toBe("succeeded");
    } finally {
      await worker.stop();
    }
  }, 90_000);
});

describe("runs on a worker", () => {
  let worker: Worker;
  beforeAll(async () => {
    worker = await startWorker({ pollMs: 100, killGraceMs: 500, capacity: 8 });
  });
  afterAll(async () => {
    await worker.stop();
  });

  it("commits what the agent wrote, pushes only the task branch, and logs every line in order", async () => {
    const { upstream, task } = await scriptTask('printf "line %s\\n" 1 2 3; echo "to stderr" >&2; echo hello > hello.txt');
    const before = refsOf(upstream.path);
    const spawned = await spawnRun(operator, task.id);
    expect(spawned.status).toBe("queued");
    const run = await finishedRun(spawned.id);
    expect(run.status).toBe("succeeded");
    expect(run.sandbox).toBe("bwrap");
    expect(run.headSha).toMatch(/^[0-9a-f]{40}$/);
    expect(run.baseSha).toBe(upstream.commit);
    expect((await prisma.task.findUniqueOrThrow({ where: { id: task.id } })).baseSha).toBe(upstream.commit);

    const after = refsOf(upstream.path);
    expect(after.replace(/^refs\/heads\/feature\/.*\n/m, "")).toBe(before);
    expect(after).toContain(`refs/heads/${task.branch} ${run.headSha}`);
    const file = execFileSync("git", ["--git-dir", upstream.path, "show", `${run.headSha}:hello.txt`], { encoding: "utf8" });
    expect(file).toBe("hello\n");
    const author = execFileSync("git", ["--git-dir", upstream.path, "log", "-1", "--format=%an|%s", run.headSha!], { encoding: "utf8" });
    expect(author.trim()).toBe(`Code Orchestrator Agent|${task.name} (run 1)`);

    const log = await logOf(run.id);
    expect(log.map((event) => event.seq)).toEqual(log.map((_, index) => index + 1));
    const output = log.filter((event) => event.stream !== "system").map((event) => `${event.stream}:${event.text}`);
    expect(output).toEqual(expect.arrayContaining(["stdout:line 1", "stdout:line 2", "stdout:line 3", "stderr:to stderr"]));
    expect(output.filter((line) => line.startsWith("stdout:"))).toEqual(["stdout:line 1", "stdout:line 2", "stdout:line 3"]);
    expect(log.find((event) => event.text === "Agent finished")?.data).toEqual([{ type: "result", success: true }]);
    expect(log.some((event) => /^Agent exited with 0 after [\d.]+ s$/.test(event.text))).toBe(true);
    const updated = await prisma.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(updated.headSha).toBe(run.headSha);
    expect(updated.status).toBe("ready_for_review");
  });

  it("gives the agent no server secrets, no network, no other ref, and nothing outside its clone", async () => {
    process.env.AUTH_SECRET ??= "s".repeat(40);
    const marker = path.join(process.env.DATA_DIR!, `${uniqueName("server-only")}.txt`);
    writeFileSync(marker, "server data");
    const script = [
      "env",
      "touch /etc/orch-escape 2>/dev/null && echo WROTE-ETC",
      `cat "${marker}" 2>/dev/null && echo SAW-DATA-DIR`,
      "(exec 3<>/dev/tcp/127.0.0.1/22) 2>/dev/null && echo NETWORK",
      "git branch -f main HEAD~0 2>/dev/null; git tag evil 2>/dev/null; git push origin HEAD:main 2>/dev/null && echo PUSHED",
      "echo done > done.txt",
    ].join("\n");
    const { upstream, task } = await scriptTask(script);
    const before = refsOf(upstream.path);
    const run = await finishedRun((await spawnRun(operator, task.id)).id);
    expect(run.status).toBe("succeeded");
    const text = (await logOf(run.id)).map((event) => event.text).join("\n");
    for (const secret of [process.env.AUTH_SECRET!, process.env.DATABASE_URL ?? "DATABASE_URL=", "DATABASE_URL"]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/WROTE-ETC|SAW-DATA-DIR|NETWORK|PUSHED/);
    const lines = (refs: string) => refs.split("\n").filter((line) => line && !line.startsWith(`refs/heads/${task.branch} `));
    expect(lines(refsOf(upstream.path))).toEqual(lines(before));
  });

  it("times out an agent that ignores SIGTERM, with its grandchildren", async () => {
    const { task } = await scriptTask("trap '' TERM; (trap '' TERM; sleep 600) & sleep 600 & echo waiting; wait", { timeoutSeconds: 10 });
    const run = await finishedRun((await spawnRun(operator, task.id)).id, 40_000);
    expect(run.status).toBe("timed_out");
    expect(run.error).toMatch(/Timed out/);
  }, 45_000);

  it("cancels a queued run at once and a running one through its worker", async () => {
    const { task } = await scriptTask("trap '' TERM; echo running; sleep 600");
    const running = await spawnRun(operator, task.id);
    await runWhose(running.id, (status) => status === "running");
    const cancelled = await cancelRun(operator, running.id);
    expect(["preparing", "running", "cancelled"]).toContain(cancelled.status);
    expect((await finishedRun(running.id, 20_000)).status).toBe("cancelled");
    await expect(cancelRun(operator, running.id)).rejects.toMatchObject({ code: "conflict" });
  });

  it("stores every line of 20 concurrent runs once, in order", async () => {
    const lines = 2_000;
    const tasks = await Promise.all(Array.from({ length: 20 }, () => scriptTask(`seq 1 ${lines}`)));
    const runs = await Promise.all(tasks.map(({ task }) => spawnRun(operator, task.id)));
    const results = await Promise.all(runs.map((run) => finishedRun(run.id, 120_000)));
    expect(results.map((run) => run.status)).toEqual(results.map(() => "succeeded"));
    for (const run of runs) {
      const output = (await logOf(run.id)).filter((event) => event.stream === "stdout").map((event) => event.text);
      expect(output).toEqual(Array.from({ length: lines }, (_, index) => String(index + 1)));
    }
  }, 150_000);

  it("refuses runs on merged tasks and unknown tasks", async () => {
    const { task } = await scriptTask("true");
    await prisma.task.update({ where: { id: task.id }, data: { status: "merged", openBranchKey: null } });
    await expect(spawnRun(operator, task.id)).rejects.toMatchObject({ code: "conflict" });
    await expect(spawnRun(operator, uniqueName("missing"))).rejects.toMatchObject({ code: "not_found" });
    const viewer = await createTestActor("viewer");
    await expect(spawnRun(viewer, task.id)).rejects.toMatchObject({ code: "forbidden" });
  });
});
