// A randomized burst of API writes — task creations and spawns, several at once on the same task — while
// other database clients keep connecting and leaving (as idle pool clients, `npm run token` and stopping
// workers do). Afterwards the database holds exactly what the API confirmed: every 201 task and 202 run
// with its audit row and queue job, nothing the API refused, no audit row without its target.
import pg from "pg";
import { expect, test } from "vitest";
import { createApiToken } from "../../../lib/auth/tokens/create-api-token.ts";
import { poolConfig } from "../../../lib/db/config.ts";
import { prisma } from "../../../lib/db/client.ts";
import { actorOf, createTestRepository, createTestUser, uniqueName } from "../../../lib/testing/factories.ts";
import { seededRandom } from "../../../lib/testing/seeded-random.ts";
import { POST as postTask } from "./tasks/route.ts";
import { POST as postRun } from "./tasks/[id]/runs/route.ts";

const SEED = 4242;
const OPERATIONS = 90;

async function send(handler: (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>, token: string, path: string, id: string, body?: unknown) {
  const request = new Request(new URL(path, "http://localhost"), {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const response = await handler(request, { params: Promise.resolve({ id }) });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/** Clients that connect, query and leave — half by Terminate, half by dropping the socket — until stopped. */
async function churn(stop: () => boolean): Promise<number> {
  let visits = 0;
  while (!stop()) {
    const client = new pg.Client(poolConfig());
    client.on("error", () => {});
    await client.connect();
    await client.query("SELECT count(*) FROM \"Task\"");
    await new Promise((resolve) => setTimeout(resolve, visits % 7)); // idle, while others' transactions run
    if (visits++ % 2 === 0) await client.end();
    else client.connection.stream.destroy();
  }
  return visits;
}

test("the database ends holding exactly what the API confirmed", { timeout: 120_000 }, async () => {
  const random = seededRandom(SEED);
  const user = await createTestUser({ role: "operator" });
  const { token } = await createApiToken(actorOf(user), { name: "confirmed state" });
  const repository = await createTestRepository();
  const tasks: string[] = [];
  const confirmedRuns: string[] = [];
  const answers: number[] = [];
  let finished = false;
  const churning = Promise.all([churn(() => finished), churn(() => finished)]);

  const operation = async (n: number) => {
    if (n < 15 || random.next() < 0.3) {
      const { status, body } = await send(postTask, token, "/api/v1/tasks", "", { repositoryId: repository.id, name: uniqueName(`Burst ${n}`), goal: "Be stored.", agent: { kind: "script", script: "true" } });
      answers.push(status);
      if (status === 201) tasks.push(body.id);
    } else {
      const taskId = random.pick(tasks);
      const { status, body } = await send(postRun, token, `/api/v1/tasks/${taskId}/runs`, taskId);
      answers.push(status);
      if (status === 202) confirmedRuns.push(body.runId);
    }
  };
  // A first wave makes tasks; the second spawns on them (often several at once on one task) and makes more.
  await Promise.all(Array.from({ length: 15 }, (_, n) => operation(n)));
  await Promise.all(Array.from({ length: OPERATIONS }, (_, n) => new Promise((resolve) => setTimeout(resolve, random.below(200))).then(() => operation(15 + n)))).finally(() => (finished = true));
  expect(await churning.then((visits) => visits.reduce((a, b) => a + b))).toBeGreaterThan(5);

  expect(answers.filter((status) => ![201, 202, 409].includes(status))).toEqual([]);
  expect(confirmedRuns.length).toBeGreaterThan(5);
  expect(answers.filter((status) => status === 409).length).toBeGreaterThan(5);
  const storedTasks = await prisma.task.findMany({ where: { repositoryId: repository.id }, include: { runs: true } });
  expect(storedTasks.map((task) => task.id).sort()).toEqual([...tasks].sort());
  const storedRuns = storedTasks.flatMap((task) => task.runs);
  expect(storedRuns.map((run) => run.id).sort()).toEqual([...confirmedRuns].sort());
  for (const task of storedTasks) {
    expect(task.runs.length).toBeLessThanOrEqual(1); // one run at a time, and no worker here finishes any
    expect(task.status).toBe(task.runs.length === 1 ? "running" : "draft");
  }
  const audits = await prisma.auditEvent.findMany({ where: { OR: [{ action: "task.created", targetId: { in: tasks } }, { action: "run.queued", targetId: { in: confirmedRuns } }] } });
  expect(audits).toHaveLength(tasks.length + confirmedRuns.length);
  const jobs = await prisma.$queryRawUnsafe<Array<{ id: string }>>(`SELECT id::text FROM pgboss.job WHERE data->>'runId' = ANY($1)`, confirmedRuns);
  expect(jobs).toHaveLength(confirmedRuns.length);
  expect(storedRuns.every((run) => run.jobId && jobs.some((job) => job.id === run.jobId))).toBe(true);
});
