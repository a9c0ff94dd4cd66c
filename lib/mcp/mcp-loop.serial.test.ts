// An orchestrator's whole loop through the MCP server of the built app, with the SDK's own client
// over Streamable HTTP: Markdown spec → run → failing check → request changes → green → diff →
// approval refused to the token without the scope → a person approves → merge through the guard.
import { execFileSync } from "node:child_process";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { BUILT_APP_ADMIN_EMAIL, startBuiltApp, tokenFor, type BuiltApp } from "../testing/built-app.ts";
import { createBareGitRepo } from "../testing/factories.ts";

const database = inject("testDatabase");
let app: BuiltApp;
let upstream: Awaited<ReturnType<typeof createBareGitRepo>>;

beforeAll(async () => {
  upstream = await createBareGitRepo(["main"]);
  app = await startBuiltApp({ ...(database.kind === "postgres" ? { postgresUrl: database.url } : {}), worker: "in-process" });
}, 120_000);
afterAll(async () => {
  await app?.stop();
  await upstream?.remove();
});

async function rest(method: string, path: string, body?: unknown, token = app.token) {
  const response = await fetch(new URL(path, app.baseUrl), {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
}

async function mcpClient(token: string) {
  const client = new Client({ name: "mcp-loop-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL("/api/mcp", app.baseUrl), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  return {
    client,
    async call(name: string, args: Record<string, unknown>) {
      const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
      return { ...result, text: result.content.map((part) => (part.type === "text" ? part.text : "")).join("\n"), data: result.structuredContent as any };
    },
  };
}

const SPEC = `## Task: Add the marker files

**Branch:** feature/marker-files

**Goal:** Write change.txt, and fixed.txt once asked to.

**Files to modify:**
- \`change.txt\` — create it

**Acceptance Criteria:**
- [ ] Tests pass
`;
// The first run writes change.txt only; the feedback run's prompt asks for fixed.txt, which the check wants.
const AGENT = 'echo change > change.txt; if grep -q "Create fixed.txt" "$ORCH_PROMPT_FILE"; then echo fixed > fixed.txt; fi';

it("runs the whole loop through MCP, and the guard holds for tokens without the scope", async () => {
  const repository = await rest("POST", "/api/v1/repositories", {
    name: "mcp-loop",
    upstream: upstream.path,
    baseBranch: "main",
    agentNetwork: false,
    checks: [{ name: "unit", command: "test -f fixed.txt", timeoutSeconds: 60 }],
  });
  expect(repository.status, JSON.stringify(repository.body)).toBe(201);
  const reviewer = await rest("POST", "/api/v1/users", { email: "reviewer@mcp.test", password: "reviewer-password-1", role: "maintainer" });
  expect(reviewer.status).toBe(201);

  const orchestrator = await mcpClient(await tokenFor(app.env, BUILT_APP_ADMIN_EMAIL, "tasks:read,tasks:write"));
  const { tools } = await orchestrator.client.listTools();
  expect(tools.map((tool) => tool.name).sort()).toEqual(
    ["approve", "cancel_run", "close_task", "comment", "create_task", "get_diff", "get_run_log", "get_task", "list_checks", "list_repositories", "list_tasks", "merge", "request_changes", "spawn_run", "wait_for_task"].sort(),
  );

  const created = await orchestrator.call("create_task", { repositoryId: repository.body.id, markdown: SPEC, agent: { kind: "script", script: AGENT }, timeoutSeconds: 120 });
  expect(created.isError, created.text).toBeFalsy();
  const taskId = created.data.task.id;
  expect(created.data.task.acceptanceCriteria).toEqual([{ text: "Tests pass", check: "unit" }]);
  expect((await orchestrator.call("spawn_run", { taskId })).isError).toBeFalsy();

  const settled = async (until: string[]) => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const waited = await orchestrator.call("wait_for_task", { taskId, timeoutSeconds: 10 });
      if (until.includes(waited.data.status)) return waited;
    }
    throw new Error(`the task never reached ${until.join(" or ")}`);
  };
  const failing = await settled(["checks_failed", "ready_for_review"]);
  expect(failing.data.status).toBe("checks_failed");
  const checks = await orchestrator.call("list_checks", { taskId });
  expect(checks.text).toContain("unit: failure");
  expect(checks.data.items[0]).toMatchObject({ name: "unit", conclusion: "failure" });
  const log = await orchestrator.call("get_run_log", { runId: failing.data.latestRun.id, tail: 5 });
  expect(log.isError).toBeFalsy();

  const feedback = await orchestrator.call("request_changes", { taskId, headSha: failing.data.headSha, body: "Create fixed.txt so the unit check passes." });
  expect(feedback.isError, feedback.text).toBeFalsy();
  const green = await settled(["ready_for_review"]);
  expect(green.data.checks.map((check: { name: string; conclusion: string }) => [check.name, check.conclusion])).toEqual([["unit", "success"]]);
  expect(green.data.criteria).toEqual([{ text: "Tests pass", check: "unit", state: "met" }]);

  const diff = await orchestrator.call("get_diff", { taskId });
  expect(diff.data.files.map((file: { path: string }) => file.path).sort()).toEqual(["change.txt", "fixed.txt"]);
  const patch = await orchestrator.call("get_diff", { taskId, paths: ["fixed.txt"] });
  expect(patch.data.patch).toContain("+fixed");

  const refused = await orchestrator.call("approve", { taskId, headSha: green.data.headSha });
  expect(refused.isError).toBe(true);
  expect(refused.text).toContain("lacks the reviews:approve scope");
  const unmerged = await orchestrator.call("merge", { taskId, headSha: green.data.headSha });
  expect(unmerged.isError).toBe(true);
  expect(unmerged.text).toContain("lacks the merge scope");
  const before = execFileSync("git", ["--git-dir", upstream.path, "rev-parse", "main"], { encoding: "utf8" }).trim();

  const person = await tokenFor(app.env, "reviewer@mcp.test");
  expect((await rest("POST", `/api/v1/tasks/${taskId}/reviews`, { decision: "approve", headSha: green.data.headSha }, person)).status).toBe(201);

  const merger = await mcpClient(await tokenFor(app.env, BUILT_APP_ADMIN_EMAIL, "tasks:read,tasks:write,merge"));
  const moved = await merger.call("merge", { taskId, headSha: failing.data.headSha });
  expect(moved.isError).toBe(true);
  expect(moved.text).toContain("get_task");
  expect(execFileSync("git", ["--git-dir", upstream.path, "rev-parse", "main"], { encoding: "utf8" }).trim()).toBe(before);

  const merged = await merger.call("merge", { taskId, headSha: green.data.headSha });
  expect(merged.isError, merged.text).toBeFalsy();
  expect(execFileSync("git", ["--git-dir", upstream.path, "show", "main:fixed.txt"], { encoding: "utf8" })).toBe("fixed\n");
  expect((await merger.call("get_task", { taskId })).data.status).toBe("merged");
  await orchestrator.client.close();
  await merger.client.close();
}, 240_000);

it("answers a call without a valid token 401 with the resource metadata, which says where tokens go", async () => {
  for (const authorization of [undefined, "Bearer co_not-a-token", "Basic abc"]) {
    const response = await fetch(new URL("/api/mcp", app.baseUrl), {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe(`Bearer resource_metadata="${app.baseUrl}/.well-known/oauth-protected-resource"`);
  }
  const metadata = await (await fetch(new URL("/.well-known/oauth-protected-resource", app.baseUrl))).json();
  expect(metadata).toMatchObject({ resource: `${app.baseUrl}/api/mcp`, bearer_methods_supported: ["header"] });
});

it("answers without a session, as one JSON message that says the server's time in Server-Timing", async () => {
  const response = await fetch(new URL("/api/mcp", app.baseUrl), {
    method: "POST",
    headers: { authorization: `Bearer ${app.token}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 7, method: "tools/call", params: { name: "list_repositories", arguments: {} } }),
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("mcp-session-id")).toBeNull();
  expect(response.headers.get("server-timing")).toMatch(/^mcp;dur=\d+\.\d$/);
  expect(await response.json()).toMatchObject({ jsonrpc: "2.0", id: 7, result: { structuredContent: { items: expect.any(Array) } } });
});
