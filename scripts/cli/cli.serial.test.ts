// Every CLI command against the built app, as a shell or an agent runs it: exit codes by outcome,
// human output and --json.
import { execFile } from "node:child_process";
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { startBuiltApp, tokenFor, type BuiltApp } from "../../lib/testing/built-app.ts";
import { createBareGitRepo } from "../../lib/testing/factories.ts";

const projectDir = path.resolve(import.meta.dirname, "..", "..");
const database = inject("testDatabase");
let app: BuiltApp;
let upstream: Awaited<ReturnType<typeof createBareGitRepo>>;
let workDir: string;

beforeAll(async () => {
  upstream = await createBareGitRepo(["main"]);
  workDir = await mkdtemp(path.join(os.tmpdir(), "orch-cli-"));
  app = await startBuiltApp({ ...(database.kind === "postgres" ? { postgresUrl: database.url } : {}), worker: "in-process" });
}, 120_000);
afterAll(async () => {
  await app?.stop();
  await upstream?.remove();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

async function cli(args: string[], env: Record<string, string> = {}) {
  const environment = { ...process.env, CODE_ORCHESTRATOR_URL: app.baseUrl, CODE_ORCHESTRATOR_TOKEN: app.token, CODE_ORCHESTRATOR_CONFIG: path.join(workDir, "none.json"), NO_COLOR: "1", ...env };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/cli.ts", ...args], { cwd: projectDir, env: environment });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function rest(method: string, urlPath: string, body?: unknown, token = app.token) {
  const response = await fetch(new URL(urlPath, app.baseUrl), {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await response.json()) as any;
}

it("answers usage with 2 and help with 0, and says where the server and token come from", async () => {
  const help = await cli(["help"]);
  expect(help.code).toBe(0);
  expect(help.stdout).toContain("Exit codes:");
  expect((await cli([])).code).toBe(2);
  expect((await cli(["task", "fly"])).stderr).toContain("Unknown command: task fly");
  expect((await cli(["task", "show"])).code).toBe(2);
  const noToken = await cli(["task", "list"], { CODE_ORCHESTRATOR_TOKEN: "" });
  expect(noToken.code).toBe(2);
  expect(noToken.stderr).toContain("No token");
  const viaNpx = execFileSync("npx", ["--no-install", "code-orchestrator", "help"], { cwd: projectDir, encoding: "utf8" });
  expect(viaNpx).toContain("Usage: code-orchestrator");
});

it("creates, spawns and waits on a task, reads its checks, diff and log, and merges only the reviewed head", async () => {
  const repository = await rest("POST", "/api/v1/repositories", {
    name: "cli-loop",
    upstream: upstream.path,
    baseBranch: "main",
    agentNetwork: false,
    checks: [{ name: "unit", command: "test -f fixed.txt", timeoutSeconds: 60 }],
  });
  const spec = path.join(workDir, "spec.md");
  await writeFile(spec, "## Task: CLI marker\n\n**Goal:** Write the marker files.\n\n**Acceptance Criteria:**\n- [ ] Tests pass\n");
  const agent = JSON.stringify({ kind: "script", script: 'echo change > change.txt; if grep -q "Create fixed.txt" "$ORCH_PROMPT_FILE"; then echo fixed > fixed.txt; fi' });

  const failing = await cli(["task", "create", "--repo", repository.id, "--spec", spec, "--agent", agent, "--wait", "--json"]);
  expect(failing.code, failing.stderr).toBe(4);
  const snapshot = JSON.parse(failing.stdout);
  expect(snapshot.status).toBe("checks_failed");
  const taskId = snapshot.checks.checks[0].taskId;

  const checks = await cli(["task", "checks", taskId]);
  expect(checks.code).toBe(4);
  expect(checks.stdout).toContain("unit: failure");
  const shown = await cli(["task", "show", taskId, "--json"]);
  expect(JSON.parse(shown.stdout)).toMatchObject({ task: { id: taskId, name: "CLI marker" }, status: "checks_failed" });
  const listed = await cli(["task", "list", "--repo", repository.id, "--json"]);
  expect(JSON.parse(listed.stdout).items.map((task: { id: string }) => task.id)).toEqual([taskId]);
  expect((await cli(["task", "list", "--repo", repository.id])).stdout).toContain("checks_failed");
  const runId = snapshot.runs[0].id;
  const log = await cli(["run", "log", runId]);
  expect(log.code).toBe(0);
  const followed = await cli(["run", "log", runId, "--follow", "--json"]);
  expect(followed.code).toBe(0);
  expect(followed.stdout.trim().split("\n").map((line) => JSON.parse(line).stream)).toContain("system");

  await rest("POST", `/api/v1/tasks/${taskId}/reviews`, { decision: "request_changes", headSha: snapshot.headSha, body: "Create fixed.txt." });
  const green = await cli(["task", "wait", taskId, "--timeout", "120", "--json"]);
  expect(green.code, green.stdout).toBe(0);
  const head = JSON.parse(green.stdout).headSha;

  const diff = await cli(["task", "diff", taskId]);
  expect(diff.stdout).toContain("+fixed");
  const stat = await cli(["task", "diff", taskId, "--stat"]);
  expect(stat.stdout).toContain("2 file(s) changed");

  const unapproved = await cli(["task", "merge", taskId, "--head", head]);
  expect(unapproved.code).toBe(3);
  expect(unapproved.stderr).toMatch(/approv/i);
  await rest("POST", "/api/v1/users", { email: "cli-reviewer@test.example", password: "reviewer-password-1", role: "maintainer" });
  await rest("POST", `/api/v1/tasks/${taskId}/reviews`, { decision: "approve", headSha: head }, await tokenFor(app.env, "cli-reviewer@test.example"));
  expect((await cli(["task", "merge", taskId, "--head", snapshot.headSha])).code).toBe(3);
  const merged = await cli(["task", "merge", taskId, "--head", head, "--json"]);
  expect(merged.code, merged.stderr).toBe(0);
  expect(execFileSync("git", ["--git-dir", upstream.path, "rev-parse", "main"], { encoding: "utf8" }).trim()).toBe(JSON.parse(merged.stdout).merge.mergeSha);
  expect((await cli(["task", "wait", taskId])).code).toBe(0);
}, 240_000);
