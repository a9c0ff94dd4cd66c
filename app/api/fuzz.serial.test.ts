// Thousands of hostile requests over every route of the OpenAPI document, against the built app on this
// project's database kind: no answer is a 5xx, the server still answers afterwards, and a refused
// request created nothing. A fixed seed here; bench/fuzz.ts runs longer ones.
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { fuzzApi } from "../../lib/testing/api-fuzz.ts";
import { startBuiltApp, type BuiltApp } from "../../lib/testing/built-app.ts";
import { createBareGitRepo } from "../../lib/testing/factories.ts";

const SEED = 1202;
const PER_OPERATION = 120;

let app: BuiltApp;
let upstream: Awaited<ReturnType<typeof createBareGitRepo>>;

beforeAll(async () => {
  const database = inject("testDatabase");
  [app, upstream] = await Promise.all([startBuiltApp(database.kind === "postgres" ? { postgresUrl: database.url } : {}), createBareGitRepo(["main"])]);
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await upstream?.remove();
});

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(new URL(path, app.baseUrl), {
    method,
    headers: { authorization: `Bearer ${app.token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
}

const totals = async () => ({
  repositories: (await call("GET", "/api/v1/repositories")).body.items.length as number,
  tasks: (await call("GET", "/api/v1/tasks")).body.total as number,
});

test("no hostile request gets a 5xx, the server keeps answering, and refused requests create nothing", { timeout: 600_000 }, async () => {
  const repository = await call("POST", "/api/v1/repositories", { name: "fuzz-target", upstream: upstream.path, baseBranch: "main", checks: [{ name: "test", command: "true" }] });
  expect(repository.status, JSON.stringify(repository.body)).toBe(201);
  const task = await call("POST", "/api/v1/tasks", { repositoryId: repository.body.id, name: "Fuzz target", goal: "Be fuzzed.", agent: { kind: "script", script: "true" } });
  expect(task.status, JSON.stringify(task.body)).toBe(201);
  const run = await call("POST", `/api/v1/tasks/${task.body.id}/runs`);
  expect(run.status).toBe(202);
  const before = await totals();

  const report = await fuzzApi(
    { baseUrl: app.baseUrl, token: app.token, ids: { tasks: task.body.id, repositories: repository.body.id, runs: run.body.runId, "check-runs": "none", comments: "none" } },
    { seed: SEED, perOperation: PER_OPERATION },
  );
  expect(report.requests).toBeGreaterThan(2_500);
  expect(report.serverErrors.slice(0, 5)).toEqual([]);
  expect((await fetch(new URL("/api/health", app.baseUrl))).status).toBe(200);

  const after = await totals();
  expect(after.repositories - before.repositories).toBe(report.created["/api/v1/repositories"] ?? 0);
  expect(after.tasks - before.tasks).toBe(report.created["/api/v1/tasks"] ?? 0);
  expect(() => execFileSync("test", ["!", "-e", "/tmp/fuzz-pwned"])).not.toThrow();
});
