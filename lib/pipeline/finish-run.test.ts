import { expect, test } from "vitest";
import { prisma } from "../db/client.ts";
import { createTestRepository, createTestTask, createTestUser } from "../testing/factories.ts";
import { finishRun } from "./finish-run.ts";
import { transitionRun } from "./transition-run.ts";

const HEAD = "a".repeat(40);

async function runningRun() {
  const repository = await createTestRepository({ checks: { create: [{ name: "test", command: "npm test" }] } });
  const task = await createTestTask(repository, await createTestUser({ role: "operator" }), { status: "running" });
  const run = await prisma.run.create({
    data: { taskId: task.id, number: 1, prompt: "p", agentKind: "script", status: "running", workerId: "w-1", startedAt: new Date() },
  });
  return { task, run };
}

test("a run that pushed ends succeeded with its head, and the task's head and checks come with it", async () => {
  const { task, run } = await runningRun();
  await finishRun(run, { status: "succeeded", exitCode: 0, headSha: HEAD, summary: "Succeeded: pushed." });
  const finished = await prisma.run.findUniqueOrThrow({ where: { id: run.id } });
  expect(finished).toMatchObject({ status: "succeeded", exitCode: 0, headSha: HEAD, finishedAt: expect.any(Date) });
  const after = await prisma.task.findUniqueOrThrow({ where: { id: task.id }, include: { checkRuns: true } });
  expect(after.headSha).toBe(HEAD);
  expect(after.checkRuns.map(({ headSha, status }) => ({ headSha, status }))).toEqual([{ headSha: HEAD, status: "queued" }]);
  expect(after.status).toBe("awaiting_checks");
});

test("a run settled elsewhere before it finished keeps its status but records the head it pushed, and says so", async () => {
  const { task, run } = await runningRun();
  expect(await transitionRun(run.id, "interrupted", { error: "Run interrupted: worker w-1 stopped sending heartbeats." })).toBe(true);
  await finishRun(run, { status: "succeeded", exitCode: 0, headSha: HEAD, summary: `Succeeded: pushed ${task.branch} at ${HEAD.slice(0, 12)}.` });

  const after = await prisma.run.findUniqueOrThrow({ where: { id: run.id }, include: { events: { orderBy: { seq: "desc" }, take: 1 } } });
  expect(after).toMatchObject({ status: "interrupted", exitCode: 0, headSha: HEAD });
  expect(after.events[0]?.text).toBe(`The run had already been recorded as interrupted when it finished: Succeeded: pushed ${task.branch} at ${HEAD.slice(0, 12)}.`);
  const taskAfter = await prisma.task.findUniqueOrThrow({ where: { id: task.id } });
  expect(taskAfter.headSha).toBe(HEAD);
  expect(taskAfter.status).toBe("awaiting_checks");
});
