import { afterAll, beforeAll, expect, it } from "vitest";
import type { Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { spawnRun } from "../pipeline/spawn-run.ts";
import { createTestActor, createTestRepository, createTestTask } from "../testing/factories.ts";
import { claimNextRun } from "../queue/claim-next-run.ts";

let operator: Actor;

beforeAll(async () => {
  operator = await createTestActor("operator");
  // Runs another file left queued would compete for the claims below.
  await prisma.run.updateMany({ where: { status: { in: ["queued", "preparing", "running"] } }, data: { status: "cancelled" } });
  await prisma.setting.upsert({ where: { key: "globalConcurrency" }, create: { key: "globalConcurrency", value: 3 }, update: { value: 3 } });
});

afterAll(async () => {
  await prisma.setting.delete({ where: { key: "globalConcurrency" } });
  await prisma.run.updateMany({ where: { status: { in: ["queued", "preparing"] } }, data: { status: "cancelled" } });
});

async function queueRun(repository: { id: string }) {
  const task = await createTestTask(repository, operator);
  return spawnRun(operator, task.id);
}

it("claims within the global and per-repository limits, oldest repository first, FIFO within a repository", async () => {
  const a = await createTestRepository({ maxConcurrentRuns: 2 });
  const b = await createTestRepository({ maxConcurrentRuns: 2 });
  const a1 = await queueRun(a);
  const b1 = await queueRun(b);
  const a2 = await queueRun(a);
  const a3 = await queueRun(a);

  const claimed = [];
  for (let n = 0; n < 4; n++) claimed.push((await claimNextRun("test-worker"))?.runId ?? null);
  // a1 (oldest), then b1 (repository b's oldest is older than a2), a2, then the global limit of 3.
  expect(claimed).toEqual([a1.id, b1.id, a2.id, null]);

  await prisma.run.update({ where: { id: b1.id }, data: { status: "succeeded" } });
  // Repository a is at its limit of 2: a3 waits although the installation has room.
  expect(await claimNextRun("test-worker")).toBeNull();

  await prisma.run.update({ where: { id: a1.id }, data: { status: "succeeded" } });
  expect((await claimNextRun("test-worker"))?.runId).toBe(a3.id);
  const a3Row = await prisma.run.findUniqueOrThrow({ where: { id: a3.id } });
  expect(a3Row).toMatchObject({ status: "preparing", workerId: "test-worker" });
});

it("skips a run cancelled while queued and takes the next one", async () => {
  await prisma.run.updateMany({ where: { status: "preparing" }, data: { status: "succeeded" } });
  const repository = await createTestRepository({ maxConcurrentRuns: 1 });
  const first = await queueRun(repository);
  const second = await queueRun(repository);
  await prisma.run.update({ where: { id: first.id }, data: { status: "cancelled" } });
  expect((await claimNextRun("test-worker"))?.runId).toBe(second.id);
});
