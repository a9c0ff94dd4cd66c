// A run pushed the task branch and its worker died before recording the head (killed -9 between the
// push and the database write). The next run finds the branch ahead of the task's head; with nothing
// to add, it must still make that head the task's, or every later run "succeeds with no changes" and
// the task never gets a head (seen in the soak with a worker killed: one task stuck in draft).
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { startWorker, type Worker } from "../worker/worker.ts";
import { createBareGitRepo, createTestActor, createTestRepository, createTestTask } from "../testing/factories.ts";
import { finishedRun } from "../testing/until.ts";
import { spawnRun } from "../pipeline/spawn-run.ts";

let operator: Actor;
let worker: Worker;
let upstream: Awaited<ReturnType<typeof createBareGitRepo>>;

beforeAll(async () => {
  operator = await createTestActor("operator");
  upstream = await createBareGitRepo(["main"]);
  worker = await startWorker({ pollMs: 200 });
});
afterAll(async () => {
  await worker?.stop();
  await upstream?.remove();
});

it("a run that finds the branch pushed but unrecorded makes its head the task's", async () => {
  const repository = await createTestRepository({ upstream: upstream.path, checks: { create: [{ name: "test", command: "true" }] } });
  const task = await createTestTask(repository, operator, { agent: { kind: "script", script: "true" } });
  const git = (args: string[]) => execFileSync("git", ["--git-dir", upstream.path, ...args], { encoding: "utf8", env: { ...process.env, GIT_AUTHOR_NAME: "T", GIT_AUTHOR_EMAIL: "t@example.test", GIT_COMMITTER_NAME: "T", GIT_COMMITTER_EMAIL: "t@example.test" } }).trim();
  const pushed = git(["commit-tree", git(["rev-parse", "main^{tree}"]), "-p", upstream.commit, "-m", "pushed by a run whose worker died"]);
  git(["update-ref", `refs/heads/${task.branch}`, pushed]);

  const run = await finishedRun((await spawnRun(operator, task.id)).id);
  expect(run).toMatchObject({ status: "succeeded", headSha: pushed });
  const after = await prisma.task.findUniqueOrThrow({ where: { id: task.id }, include: { checkRuns: true } });
  expect(after.headSha).toBe(pushed);
  expect(after.checkRuns.map((check) => check.headSha)).toEqual([pushed]);
  const log = await prisma.runEvent.findMany({ where: { runId: run.id }, orderBy: { seq: "desc" }, take: 1 });
  expect(log[0]?.text).toBe(`Succeeded: no changes; ${task.branch} is at ${pushed.slice(0, 12)}, pushed by an earlier run that never recorded it, now the task's head.`);

  // Once recorded, a run with nothing to add records nothing new.
  const again = await finishedRun((await spawnRun(operator, task.id)).id);
  expect(again).toMatchObject({ status: "succeeded", headSha: null });
});
