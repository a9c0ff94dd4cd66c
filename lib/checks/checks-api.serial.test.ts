// The checks API as a client sees it: the current head's checks, criteria, re-run, a check's SSE log
// and log.txt; viewers may read but not re-run; bad input changes nothing.
import { afterAll, beforeAll, expect, it } from "vitest";
import { GET as getCheckRun } from "../../app/api/v1/check-runs/[id]/route.ts";
import { GET as checkEvents } from "../../app/api/v1/check-runs/[id]/events/route.ts";
import { GET as checkLog } from "../../app/api/v1/check-runs/[id]/log.txt/route.ts";
import { GET as overview } from "../../app/api/v1/tasks/[id]/checks/overview/route.ts";
import { POST as rerun } from "../../app/api/v1/tasks/[id]/checks/rerun/route.ts";
import { GET as listChecks } from "../../app/api/v1/tasks/[id]/checks/route.ts";
import { createApiToken } from "../auth/tokens/create-api-token.ts";
import { prisma } from "../db/client.ts";
import { startWorker, type Worker } from "../worker/worker.ts";
import { spawnRun } from "../pipeline/spawn-run.ts";
import { createBareGitRepo, createTestActor, createTestRepository, createTestTask } from "../testing/factories.ts";

let token: string;
let viewerToken: string;
let taskId: string;
let worker: Worker;
let upstream: Awaited<ReturnType<typeof createBareGitRepo>>;

beforeAll(async () => {
  const operator = await createTestActor("operator");
  token = (await createApiToken(operator, { name: "checks api test" })).token;
  viewerToken = (await createApiToken(await createTestActor("viewer"), { name: "viewer" })).token;
  upstream = await createBareGitRepo(["main"]);
  const repository = await createTestRepository({
    upstream: upstream.path,
    agentNetwork: "off",
    checkNetwork: "off",
    checks: {
      create: [
        { name: "test", command: "seq 1 30; test -f done.txt", position: 0 },
        { name: "lint", command: "echo lint is not configured >&2; exit 2", required: false, position: 1 },
      ],
    },
  });
  const task = await createTestTask(repository, operator, {
    agent: { kind: "script", script: "echo done > done.txt" },
    acceptanceCriteria: [{ text: "Tests pass", check: "test" }, { text: "Lint is clean", check: "lint" }, { text: "Reads well" }],
  });
  taskId = task.id;
  worker = await startWorker({ pollMs: 100, heartbeatMs: 200, killGraceMs: 500 });
  const run = await spawnRun(operator, taskId);
  for (;;) {
    const checks = await prisma.checkRun.findMany({ where: { taskId } });
    const current = await prisma.run.findUniqueOrThrow({ where: { id: run.id } });
    if (current.status === "failed") throw new Error(current.error ?? "run failed");
    if (checks.length === 2 && checks.every((check) => check.status === "completed")) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}, 60_000);

afterAll(async () => {
  await worker.stop();
  await upstream.remove();
});

type Handler = (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>;

function call(handler: Handler, method: string, id: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const request = new Request(`http://localhost/api/v1/x/${id}`, {
    method,
    headers: { authorization: `Bearer ${options.token ?? token}`, ...(options.body === undefined ? {} : { "content-type": "application/json" }), ...options.headers },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  return handler(request, { params: Promise.resolve({ id }) });
}

it("lists the current head's checks in the documented shape, and the criteria against them", async () => {
  const task = await prisma.task.findUniqueOrThrow({ where: { id: taskId } });
  const response = await call(listChecks, "GET", taskId, { token: viewerToken });
  expect(response.status).toBe(200);
  const checks = (await response.json()) as Array<Record<string, unknown>>;
  expect(checks.map(({ name, source, headSha, status, conclusion, required }) => ({ name, source, headSha, status, conclusion, required }))).toEqual([
    { name: "test", source: "local", headSha: task.headSha, status: "completed", conclusion: "success", required: true },
    { name: "lint", source: "local", headSha: task.headSha, status: "completed", conclusion: "failure", required: true },
  ]);
  const body = await (await call(overview, "GET", taskId)).json();
  expect(body.criteria).toEqual([
    { text: "Tests pass", check: "test", state: "met" },
    { text: "Lint is clean", check: "lint", state: "failing" },
    { text: "Reads well", check: null, state: "unlinked" },
  ]);
  expect(body.stale).toEqual([]);
});

it("streams a check's log with ids and an end, resumes after Last-Event-ID, and serves log.txt", async () => {
  const [test] = await prisma.checkRun.findMany({ where: { taskId, name: "test" } });
  const single = await (await call(getCheckRun, "GET", test!.id)).json();
  expect(single).toMatchObject({ id: test!.id, name: "test", conclusion: "success", exitCode: 0 });

  const stream = await (await call(checkEvents, "GET", test!.id)).text();
  const blocks = stream.split("\n\n").filter((block) => block.includes("data: "));
  const logLines = blocks.filter((block) => block.includes("event: log"));
  expect(logLines.length).toBeGreaterThan(30);
  expect(blocks.at(-1)).toContain("event: end");
  const resumed = await (await call(checkEvents, "GET", test!.id, { headers: { "last-event-id": "31" } })).text();
  expect(resumed).not.toContain("id: 31\n");
  expect(resumed).toContain("id: 32\n");

  const text = await (await call(checkLog, "GET", test!.id)).text();
  expect(text.split("\n")).toEqual(expect.arrayContaining(["1", "30", "Passed."]));
});

it("re-runs one check as a new attempt on the same head; viewers and unknown names change nothing", async () => {
  const before = await prisma.checkRun.count({ where: { taskId } });
  expect((await call(rerun, "POST", taskId, { token: viewerToken, body: {} })).status).toBe(403);
  const unknown = await call(rerun, "POST", taskId, { body: { name: "deploy" } });
  expect(unknown.status).toBe(404);
  expect((await unknown.json()).error.message).toMatch(/no local check named "deploy"/);
  expect((await call(rerun, "POST", taskId, { body: { name: 3 } })).status).toBe(422);
  expect(await prisma.checkRun.count({ where: { taskId } })).toBe(before);

  const response = await call(rerun, "POST", taskId, { body: { name: "lint" } });
  expect(response.status).toBe(202);
  const { items } = await response.json();
  expect(items).toMatchObject([{ name: "lint", attempt: 2, status: "queued" }]);
  for (;;) {
    const again = await prisma.checkRun.findUniqueOrThrow({ where: { id: items[0].id } });
    if (again.status === "completed") break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const listed = (await (await call(listChecks, "GET", taskId)).json()) as Array<{ name: string; attempt: number }>;
  expect(listed.map((check) => [check.name, check.attempt])).toEqual([["test", 1], ["lint", 2]]);

  const all = await call(rerun, "POST", taskId, {});
  expect(all.status).toBe(202);
  expect((await all.json()).items.map((check: { name: string; attempt: number }) => [check.name, check.attempt])).toEqual([["test", 2], ["lint", 3]]);
}, 60_000);
