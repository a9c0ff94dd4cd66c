// The run API as a client sees it: spawn answers at once, the run's JSON, its SSE stream (ids, resume
// with Last-Event-ID, end), log.txt, cancel of a finished run.
import { afterAll, beforeAll, expect, it } from "vitest";
import { GET as getRun } from "../../app/api/v1/runs/[id]/route.ts";
import { POST as cancelRun } from "../../app/api/v1/runs/[id]/cancel/route.ts";
import { GET as runEvents } from "../../app/api/v1/runs/[id]/events/route.ts";
import { GET as runLog } from "../../app/api/v1/runs/[id]/log.txt/route.ts";
import { POST as spawnRun } from "../../app/api/v1/tasks/[id]/runs/route.ts";
import { createApiToken } from "../auth/tokens/create-api-token.ts";
import { startWorker, type Worker } from "../worker/worker.ts";
import { createBareGitRepo, createTestActor, createTestRepository, createTestTask } from "../testing/factories.ts";
import { finishedRun } from "../testing/until.ts";

let token: string;
let viewerToken: string;
let taskId: string;
let worker: Worker | null = null;
let upstream: Awaited<ReturnType<typeof createBareGitRepo>>;

beforeAll(async () => {
  const operator = await createTestActor("operator");
  token = (await createApiToken(operator, { name: "run api test" })).token;
  viewerToken = (await createApiToken(await createTestActor("viewer"), { name: "viewer" })).token;
  upstream = await createBareGitRepo(["main"]);
  const repository = await createTestRepository({ upstream: upstream.path, agentNetwork: "off" });
  taskId = (await createTestTask(repository, operator, { agent: { kind: "script", script: "seq 1 25" } })).id;
});

afterAll(async () => {
  await worker?.stop();
  await upstream.remove();
});

type Handler = (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>;

function call(handler: Handler, method: string, url: string, params: { id: string }, headers: Record<string, string> = {}) {
  return handler(new Request(`http://localhost${url}`, { method, headers: { authorization: `Bearer ${token}`, ...headers } }), { params: Promise.resolve(params) });
}

function parseEvents(body: string) {
  return body
    .split("\n\n")
    .filter((block) => block.includes("data: "))
    .map((block) => {
      const field = (name: string) => block.split("\n").find((line) => line.startsWith(`${name}: `))?.slice(name.length + 2);
      return { id: field("id"), event: field("event"), data: JSON.parse(field("data")!) };
    });
}

it("spawns at once, streams the log with ids, resumes after Last-Event-ID, and serves log.txt", async () => {
  const spawned = await call(spawnRun, "POST", `/api/v1/tasks/${taskId}/runs`, { id: taskId });
  expect(spawned.status).toBe(202);
  const { runId, status } = await spawned.json();
  expect(status).toBe("queued"); // no worker yet: the call does not wait for the agent

  worker = await startWorker({ pollMs: 100, killGraceMs: 500 });
  await finishedRun(runId);

  const run = await (await call(getRun, "GET", `/api/v1/runs/${runId}`, { id: runId })).json();
  expect(Object.keys(run)).toEqual(expect.arrayContaining(["id", "taskId", "status", "exitCode", "sandbox", "baseSha", "headSha", "startedAt", "finishedAt", "error"]));
  expect(run).toMatchObject({ id: runId, taskId, status: "succeeded", exitCode: 0 });

  const stream = await call(runEvents, "GET", `/api/v1/runs/${runId}/events`, { id: runId });
  expect(stream.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const events = parseEvents(await stream.text());
  const logs = events.filter((event) => event.event === "log");
  expect(logs.map((event) => Number(event.id))).toEqual(logs.map((_, index) => index + 1));
  expect(logs.filter((event) => event.data.stream === "stdout").map((event) => event.data.text)).toEqual(
    Array.from({ length: 25 }, (_, index) => String(index + 1)),
  );
  expect(events.at(-1)).toMatchObject({ event: "end", data: { status: "succeeded", lastSeq: logs.length } });

  const resumed = parseEvents(await (await call(runEvents, "GET", `/api/v1/runs/${runId}/events`, { id: runId }, { "last-event-id": "10" })).text());
  expect(resumed.filter((event) => event.event === "log").map((event) => Number(event.id))).toEqual(
    logs.slice(10).map((event) => Number(event.id)),
  );

  const text = await (await call(runLog, "GET", `/api/v1/runs/${runId}/log.txt`, { id: runId })).text();
  expect(text).toBe(logs.map((event) => `${event.data.text}\n`).join(""));

  const cancel = await call(cancelRun, "POST", `/api/v1/runs/${runId}/cancel`, { id: runId });
  expect(cancel.status).toBe(409);
});

it("refuses viewers and unknown tasks", async () => {
  const asViewer = await call(spawnRun, "POST", `/api/v1/tasks/${taskId}/runs`, { id: taskId }, { authorization: `Bearer ${viewerToken}` });
  expect(asViewer.status).toBe(403);
  const unknown = await call(spawnRun, "POST", "/api/v1/tasks/nope/runs", { id: "nope" });
  expect(unknown.status).toBe(404);
});
