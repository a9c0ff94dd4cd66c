import { afterAll, expect, it } from "vitest";
import { prisma } from "../db/client.ts";
import { uniqueName } from "../testing/factories.ts";
import { ensureQueue, stopBoss } from "./boss.ts";

afterAll(() => stopBoss());

it("creates 20 repositories' queues at once without a deadlock, each once", async () => {
  const names = Array.from({ length: 20 }, () => `run_${uniqueName("queue").replace(/[^\w]/g, "_")}`);
  await Promise.all(names.map((name) => ensureQueue(name)));
  const created = await prisma.$queryRawUnsafe<{ name: string }[]>(
    `SELECT name FROM pgboss.queue WHERE name = ANY($1::text[])`,
    names,
  );
  expect(created.map(({ name }) => name).sort()).toEqual([...names].sort());
}, 60_000);
