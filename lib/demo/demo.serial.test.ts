// "Try a demo" end to end with a real worker: the sample repository's checks (tsc, node --test with a
// JUnit report) pass on the agent's change, its author approves it and merges it.
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, expect, it } from "vitest";
import { prisma } from "../db/client.ts";
import { mergeTask } from "../pipeline/merge-task.ts";
import { startWorker, type Worker } from "../worker/worker.ts";
import { submitReview } from "../pipeline/submit-review.ts";
import { createTestActor } from "../testing/factories.ts";
import { rejection } from "../testing/rejection.ts";
import { createDemo } from "./create-demo.ts";

let worker: Worker;
beforeAll(async () => {
  worker = await startWorker({ pollMs: 100, heartbeatMs: 500, killGraceMs: 500 });
});
afterAll(async () => {
  await worker.stop();
});

it("goes from spec to merge with green checks, one person approving their own task", async () => {
  const maintainer = await createTestActor("maintainer");
  const task = await createDemo(maintainer);
  const deadline = Date.now() + 100_000;
  for (;;) {
    const current = await prisma.task.findUniqueOrThrow({ where: { id: task.id } });
    if (current.status === "ready_for_review") break;
    if (Date.now() > deadline) throw new Error(`the demo is still ${current.status}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const ready = await prisma.task.findUniqueOrThrow({ where: { id: task.id }, include: { repository: true, checkRuns: true } });
  expect(ready.checkRuns.map((check) => [check.name, check.conclusion]).sort()).toEqual([["build", "success"], ["test", "success"], ["typecheck", "success"]]);
  const test = ready.checkRuns.find((check) => check.name === "test")!;
  expect((test.summary as { junit: { passed: number; failed: number } }).junit).toMatchObject({ passed: 2, failed: 0 });

  await submitReview(maintainer, task.id, { decision: "approve", headSha: ready.headSha! });
  const { merge } = await mergeTask(maintainer, task.id, { headSha: ready.headSha!, method: "squash" });
  const calc = execFileSync("git", ["--git-dir", ready.repository.upstream, "show", `${merge.mergeSha}:src/calc.ts`], { encoding: "utf8" });
  expect(calc).toContain("export function multiply(a: number, b: number): number");
  expect(execFileSync("git", ["--git-dir", ready.repository.upstream, "rev-parse", "main"], { encoding: "utf8" }).trim()).toBe(merge.mergeSha);
}, 120_000);

it("is for maintainers and admins", async () => {
  expect(((await rejection(createDemo(await createTestActor("operator")))) as { status: number }).status).toBe(403);
});
