// The MCP server as an orchestrator meets it, against the built app under `npm start` (embedded
// database). The task has 100 runs: 99 cancelled while no worker ran, then one that pushed a head whose
// check passed, so the merge box reads the mirror, the checks and the approvals as it does in use.
//   get_task      the server's time (its Server-Timing header) and the round trip of tools/call over
//                 Streamable HTTP, goal p95 ≤ 50 ms server time
//   wait_for_task woken by a status change (close, then reopen, through the REST API): from the
//                 change's request to wait_for_task's answer, goal p95 ≤ 250 ms
// Usage: npm run build && npx tsx bench/mcp.ts [samples]
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { type BuiltApp, startBuiltApp } from "../lib/testing/built-app.ts";
import { createBareGitRepo } from "../lib/testing/factories.ts";

const samples = Number(process.argv[2] ?? 100);
const RUNS = 100;
const ms = (value: number) => `${Math.round(value)} ms`;
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]!;
const spread = (values: number[]) => `p50 ${ms(percentile(values, 50))}, p95 ${ms(percentile(values, 95))}, max ${ms(Math.max(...values))}`;

function restClient(app: BuiltApp) {
  return async (method: string, url: string, body?: unknown) => {
    const response = await fetch(new URL(url, app.baseUrl), { method, headers: { authorization: `Bearer ${app.token}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    const answer = (await response.json()) as any;
    if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  };
}

const [dataDir, upstream] = await Promise.all([mkdtemp(path.join(os.tmpdir(), "orch-bench-mcp-")), createBareGitRepo(["main"])]);
let app: BuiltApp | undefined;
try {
  app = await startBuiltApp({ dataDir });
  let api = restClient(app);
  const repository = await api("POST", "/api/v1/repositories", { name: "bench-mcp", upstream: upstream.path, baseBranch: "main", agentNetwork: false, checks: [{ name: "test", command: "test -f bench.txt" }] });
  const task = await api("POST", "/api/v1/tasks", { repositoryId: repository.id, name: "Bench MCP", goal: "Be read.", agent: { kind: "script", script: "echo bench > bench.txt" } });
  for (let n = 1; n < RUNS; n++) {
    const { runId } = await api("POST", `/api/v1/tasks/${task.id}/runs`);
    await api("POST", `/api/v1/runs/${runId}/cancel`);
  }
  await app.terminate();
  app = await startBuiltApp({ dataDir, worker: "in-process" });
  api = restClient(app);
  await api("POST", `/api/v1/tasks/${task.id}/runs`);
  for (const deadline = Date.now() + 120_000; ; ) {
    const checks = (await api("GET", `/api/v1/tasks/${task.id}/checks`)) as Array<{ conclusion: string | null }>;
    if (checks.length > 0 && checks.every((check) => check.conclusion === "success")) break;
    if (Date.now() > deadline) throw new Error(`the run's check did not pass: ${JSON.stringify(checks)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  let lastServerTime = Number.NaN;
  const timedFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    lastServerTime = Number(/dur=([\d.]+)/.exec(response.headers.get("server-timing") ?? "")?.[1]);
    return response;
  };
  const client = new Client({ name: "bench-mcp", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL("/api/mcp", app.baseUrl), { fetch: timedFetch, requestInit: { headers: { authorization: `Bearer ${app.token}` } } }));
  const call = async (name: string, args: Record<string, unknown>) => {
    const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
    if (result.isError) throw new Error(`${name}: ${JSON.stringify(result.content)}`);
    return result.structuredContent as any;
  };

  for (let n = 0; n < 10; n++) await call("get_task", { taskId: task.id }); // warm the route
  const roundTrips: number[] = [];
  const serverTimes: number[] = [];
  for (let n = 0; n < samples; n++) {
    const started = performance.now();
    const answer = await call("get_task", { taskId: task.id });
    roundTrips.push(performance.now() - started);
    serverTimes.push(lastServerTime);
    if (n === 0 && (answer.task.id !== task.id || !answer.headSha || answer.latestRun.number !== RUNS)) throw new Error(`get_task answered another task, or no head: ${JSON.stringify(answer).slice(0, 300)}`);
  }
  if (serverTimes.some(Number.isNaN)) throw new Error("the MCP answer carried no Server-Timing header");
  console.log(`get_task on a task with ${RUNS} runs, ${samples} calls: server time ${spread(serverTimes)} (goal p95 ≤ 50 ms); round trip ${spread(roundTrips)}`);

  const wakes: number[] = [];
  const rounds = Math.max(10, Math.round(samples / 5));
  for (let n = 0; n < rounds; n++) {
    const closing = n % 2 === 0;
    const waiting = call("wait_for_task", { taskId: task.id, timeoutSeconds: 30 }).then((answer) => ({ answer, at: performance.now() }));
    await new Promise((resolve) => setTimeout(resolve, 300)); // the wait is open on the server
    const changedAt = performance.now();
    await api("POST", `/api/v1/tasks/${task.id}/${closing ? "close" : "reopen"}`, closing ? { reason: "bench" } : undefined);
    const { answer, at } = await waiting;
    if (!answer.changed) throw new Error("wait_for_task timed out instead of waking");
    wakes.push(at - changedAt);
  }
  console.log(`wait_for_task woken by a status change, ${rounds} changes: ${spread(wakes)} (goal p95 ≤ 250 ms)`);
  await client.close();
} finally {
  await app?.terminate();
  await Promise.all([rm(dataDir, { recursive: true, force: true }), upstream.remove()]);
}
