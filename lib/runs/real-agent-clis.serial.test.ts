// The real agent CLIs (pinned in scripts/agent-clis, installed by scripts/install-agent-clis.sh) run
// through the whole pipeline in bubblewrap against a scripted model server on loopback: spawn → claim
// → clone → the CLI → log → commit → push. One file, so one in-process worker at a time.
import { execFileSync } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { AgentEvent } from "../logs/log-events.ts";
import { spawnRun } from "../pipeline/spawn-run.ts";
import { runDto } from "./dto.ts";
import { createBareGitRepo, createTestActor, createTestRepository, createTestTask } from "../testing/factories.ts";
import { type ModelStep, startModelServer } from "../testing/model-server.ts";
import { SCRIPTED_CLIS } from "../testing/scripted-agent-clis.ts";
import { finishedRun } from "../testing/until.ts";
import { startWorker, type Worker } from "../worker/worker.ts";

const TOOLS_BIN = path.resolve(".tools/agent-clis/node_modules/.bin");
const upstreams: Array<{ remove(): Promise<void> }> = [];
const servers: Array<{ close(): Promise<void> }> = [];
const serverPath = process.env.PATH;
let operator: Actor;
let worker: Worker;

beforeAll(async () => {
  if (!existsSync(path.join(TOOLS_BIN, "claude"))) throw new Error(`The agent CLIs are not installed in ${TOOLS_BIN}: run bash scripts/install-agent-clis.sh`);
  // The worker finds the CLIs on its PATH, as a server whose user installed them would.
  process.env.PATH = `${TOOLS_BIN}${path.delimiter}${serverPath}`;
  operator = await createTestActor("operator");
  worker = await startWorker({ pollMs: 100, killGraceMs: 500 });
});

afterAll(async () => {
  await worker?.stop();
  process.env.PATH = serverPath;
  await Promise.all([...upstreams, ...servers].map((each) => ("remove" in each ? each.remove() : each.close())));
});

const CLAUDE_CODE_ENV = SCRIPTED_CLIS["claude-code"].env;

async function runAgainstModel(
  agent: Prisma.InputJsonObject,
  steps: ModelStep[],
  agentEnv: (url: string) => Record<string, string>,
  task: { goal?: string; timeoutSeconds?: number; budgetUsd?: number } = {},
  agentConfig: (url: string) => Prisma.InputJsonObject = () => ({}),
) {
  const model = await startModelServer(steps);
  servers.push(model);
  const upstream = await createBareGitRepo(["main"]);
  upstreams.push(upstream);
  // Agents reach only what is listed (the default policy): here the scripted model on the host's loopback.
  const repository = await createTestRepository({
    upstream: upstream.path,
    agentNetwork: "allowlist",
    allowedHosts: [new URL(model.url).host],
    agentEnv: agentEnv(model.url) as Prisma.InputJsonValue,
    agentConfig: agentConfig(model.url),
  });
  const created = await createTestTask(repository, operator, { agent, ...task });
  const run = await finishedRun((await spawnRun(operator, created.id)).id, 120_000);
  const log = await prisma.runEvent.findMany({ where: { runId: run.id }, orderBy: { seq: "asc" } });
  const events = log.flatMap((line) => (line.stream === "system" ? [] : ((line.data ?? []) as unknown as AgentEvent[])));
  const transcript = [`${run.status}: ${run.error ?? ""}`, ...log.map((line) => `[${line.stream}] ${line.text.slice(0, 500)}`)].join("\n");
  return { run, log, events, model, upstream, branch: created.branch, transcript, task: created };
}

function fileOnBranch(gitDir: string, branch: string, file: string): string {
  return execFileSync("git", ["--git-dir", gitDir, "show", `${branch}:${file}`], { encoding: "utf8" });
}

describe("Claude Code", () => {
  it("writes a file as the scripted model asks: the run succeeds, the change is pushed, and the log shows its events", async () => {
    const { run, events, model, upstream, branch, transcript } = await runAgainstModel(
      { kind: "claude-code" },
      [
        { kind: "tool", name: "Write", input: { file_path: "{cwd}/hello.txt", content: "hello from claude\n" } },
        { kind: "text", text: "Created hello.txt." },
      ],
      CLAUDE_CODE_ENV,
    );
    expect(run.status, transcript).toBe("succeeded");
    expect(fileOnBranch(upstream.path, branch, "hello.txt")).toBe("hello from claude\n");
    expect(model.requests.filter((request) => request.step !== null).length).toBe(2);
    expect(events).toContainEqual({ type: "file_change", path: "hello.txt", change: "write" });
    expect(events).toContainEqual(expect.objectContaining({ type: "message", role: "assistant", text: "Created hello.txt." }));
    expect(events).toContainEqual(expect.objectContaining({ type: "result", success: true, costUsd: expect.any(Number) }));
    // Two turns of the scripted usage: 1,200 fresh, 3,400 cached and 600 cache-written input tokens, 85 out.
    expect(runDto(run).usage).toEqual({
      inputTokens: 2 * (1_200 + 3_400 + 600),
      outputTokens: 2 * 85,
      cacheReadTokens: 2 * 3_400,
      cacheWriteTokens: 2 * 600,
      model: expect.stringMatching(/^claude-/),
      costUsd: (run.result as { costUsd: number }).costUsd,
      costSource: "reported",
      cpuSeconds: expect.any(Number),
    });
    expect(runDto(run).usage!.costUsd).toBeGreaterThan(0);
    expect(runDto(run).usage!.cpuSeconds).toBeGreaterThan(0); // the CLI's start alone takes some
  }, 150_000);

  it("takes a prompt larger than one argument may be (a spec of ~200 KB)", async () => {
    const goal = `${"Keep every line of this goal in mind. ".repeat(5_500)}The last words: EXACTLY HERE.`;
    const { run, model, transcript } = await runAgainstModel({ kind: "claude-code" }, [{ kind: "text", text: "Read it all." }], CLAUDE_CODE_ENV, { goal });
    expect(goal.length).toBeGreaterThan(200_000);
    expect(run.status, transcript).toBe("succeeded");
    expect(JSON.stringify(model.requests.find((request) => request.step === 0)?.body)).toContain("The last words: EXACTLY HERE.");
  }, 150_000);

  it("fails with Claude Code's own words when the model API refuses its key", async () => {
    // Claude Code retries even a 401 (ten times by default, over minutes); one retry shows the same.
    const env = (url: string) => ({ ...CLAUDE_CODE_ENV(url), CLAUDE_CODE_MAX_RETRIES: "1" });
    const { run, events, transcript } = await runAgainstModel({ kind: "claude-code" }, [{ kind: "error", status: 401, message: "invalid x-api-key" }], env);
    expect(run.status, transcript).toBe("failed");
    expect(run.error).toBe("The agent exited with 1: Invalid API key · Fix external API key; its changes were not pushed.");
    expect(events).toContainEqual({ type: "error", message: expect.stringMatching(/^The model API failed \(401 authentication_failed\): retry 1 of 1/) });
    expect(run.result).toMatchObject({ type: "result", success: false });
  }, 150_000);

  it("fails with Claude Code's own words when the model API is rate-limited (429) or fails (500)", async () => {
    const env = (url: string) => ({ ...CLAUDE_CODE_ENV(url), CLAUDE_CODE_MAX_RETRIES: "1" });
    for (const [status, message] of [[429, "Number of request tokens has exceeded your per-minute rate limit"], [500, "Internal server error"]] as const) {
      const { run, transcript } = await runAgainstModel({ kind: "claude-code" }, [{ kind: "error", status, message }], env);
      expect(run.status, transcript).toBe("failed");
      expect(run.error, transcript).toMatch(/^The agent exited with 1: /);
      expect(run.error, transcript).toContain(message);
    }
  }, 240_000);

  it("does not hang on a permission it cannot get: the command is refused and the run ends", async () => {
    const { run, events, transcript } = await runAgainstModel(
      { kind: "claude-code", permissionMode: "default" },
      [
        { kind: "tool", name: "Bash", input: { command: "touch refused.txt" } },
        { kind: "text", text: "I could not run it." },
      ],
      CLAUDE_CODE_ENV,
    );
    expect(run.status, transcript).toBe("succeeded");
    expect(transcript).toMatch(/Succeeded: no changes/);
    expect(events).toContainEqual(expect.objectContaining({ type: "tool_result", isError: true }));
  }, 150_000);

  it("reaches its model through the allowlist but no other port of the host, nor the internet; each refusal is in the run's log", async () => {
    const other = http.createServer((_request, response) => response.end("should not be reached"));
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    servers.push({ close: () => new Promise((resolve) => other.close(() => resolve())) });
    const otherPort = (other.address() as AddressInfo).port;
    const { run, log, upstream, branch, transcript } = await runAgainstModel(
      { kind: "claude-code", permissionMode: "bypassPermissions" },
      [
        { kind: "tool", name: "Bash", input: { command: `curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:${otherPort}/ > reached.txt; curl -s https://example.com/ >> reached.txt || echo ' no internet' >> reached.txt` } },
        { kind: "text", text: "Tried both." },
      ],
      CLAUDE_CODE_ENV,
    );
    expect(run.status, transcript).toBe("succeeded");
    expect(fileOnBranch(upstream.path, branch, "reached.txt")).toBe("403 no internet\n");
    const blocked = log.filter((line) => line.stream === "system" && line.text.startsWith("blocked:")).map((line) => line.text);
    expect(blocked).toEqual([`blocked: 127.0.0.1:${otherPort} (an IP address that is not listed)`, "blocked: example.com:443 (not in the allowed hosts)"]);
  }, 150_000);

  it("is stopped at the task's timeout while it waits for the model, and records no success", async () => {
    const { run, transcript } = await runAgainstModel({ kind: "claude-code" }, [{ kind: "hang" }], CLAUDE_CODE_ENV, { timeoutSeconds: 5 });
    expect(run.status, transcript).toBe("timed_out");
    expect((run.result as { success?: boolean } | null)?.success ?? false).toBe(false);
  }, 150_000);
});

describe("Codex", () => {
  // Codex reads its model provider from ~/.codex/config.toml (it ignores OPENAI_BASE_URL): the
  // repository's agent configuration puts one in the run's home.
  const codexConfig = (url: string) => ({ codex: SCRIPTED_CLIS.codex.config(url) });
  const codexEnv = SCRIPTED_CLIS.codex.env;

  it("runs a command the scripted model asks for, inside the run's sandbox with its own off: the change is pushed, its usage estimated", async () => {
    const { run, events, upstream, branch, transcript } = await runAgainstModel(
      { kind: "codex", model: "gpt-5-codex" },
      [
        { kind: "tool", name: "exec_command", input: { cmd: "echo hello from codex > hello.txt" } },
        { kind: "text", text: "Created hello.txt." },
      ],
      codexEnv,
      {},
      codexConfig,
    );
    expect(run.status, transcript).toBe("succeeded");
    expect(fileOnBranch(upstream.path, branch, "hello.txt")).toBe("hello from codex\n");
    expect(events).toContainEqual(expect.objectContaining({ type: "command", exitCode: 0, command: expect.stringContaining("echo hello from codex > hello.txt") }));
    expect(events).toContainEqual(expect.objectContaining({ type: "message", role: "assistant", text: "Created hello.txt." }));
    // Two turns of 1,200 fresh and 3,400 cached input tokens and 85 out, priced as gpt-5-codex.
    expect(runDto(run).usage).toMatchObject({ inputTokens: 2 * 4_600, cacheReadTokens: 2 * 3_400, outputTokens: 2 * 85, model: "gpt-5-codex", costSource: "estimated" });
    expect(runDto(run).usage!.costUsd).toBeCloseTo((2 * 1_200 * 1.25 + 2 * 3_400 * 0.125 + 2 * 85 * 10) / 1e6, 8);
  }, 150_000);

  it("fails with Codex's own words when the model API fails (500), once its retries are spent", async () => {
    const noRetries = (url: string) => ({
      codex: { ".codex/config.toml": `${SCRIPTED_CLIS.codex.config(url)[".codex/config.toml"]}request_max_retries = 0\nstream_max_retries = 0\n` },
    });
    const { run, transcript } = await runAgainstModel({ kind: "codex" }, [{ kind: "error", status: 500, message: "The server had an error processing your request" }], codexEnv, {}, noRetries);
    expect(run.status, transcript).toBe("failed");
    // Codex words a server error as load, not with the server's message.
    expect(run.error, transcript).toBe("The agent exited with 1: We’re currently experiencing high demand, which may cause temporary errors.; its changes were not pushed.");
  }, 150_000);

  it("fails with Codex's own words when the model API refuses its key", async () => {
    const { run, transcript } = await runAgainstModel({ kind: "codex" }, [{ kind: "error", status: 401, message: "Incorrect API key provided" }], codexEnv, {}, codexConfig);
    expect(run.status, transcript).toBe("failed");
    expect(run.error, transcript).toMatch(/^The agent exited with 1: unexpected status 401 Unauthorized: Incorrect API key provided, url: http:\/\/127\.0\.0\.1:\d+\/v1\/responses; its changes were not pushed\.$/);
  }, 150_000);
});

describe("Gemini CLI", () => {
  // Gemini CLI needs the API-key auth chosen in its settings (the repository's agent configuration)
  // and its base URL and key in the agent environment.
  const geminiConfig = () => ({ gemini: SCRIPTED_CLIS.gemini.config() });
  const geminiEnv = SCRIPTED_CLIS.gemini.env;

  it("writes a file as the scripted model asks, from a prompt on stdin: the change is pushed, its message joined, its usage recorded", async () => {
    const { run, events, upstream, branch, transcript } = await runAgainstModel(
      { kind: "gemini", model: "gemini-2.5-flash" },
      [
        { kind: "tool", name: "write_file", input: { file_path: "{cwd}/hello.txt", content: "hello from gemini\n" } },
        { kind: "text", text: "Created hello.txt." },
      ],
      geminiEnv,
      {},
      geminiConfig,
    );
    expect(run.status, transcript).toBe("succeeded");
    expect(fileOnBranch(upstream.path, branch, "hello.txt")).toBe("hello from gemini\n");
    expect(events).toContainEqual({ type: "file_change", path: "hello.txt", change: "write" });
    expect(events).toContainEqual({ type: "message", role: "assistant", text: "Created hello.txt." });
    expect(runDto(run).usage).toMatchObject({ inputTokens: 2 * 4_600, cacheReadTokens: 2 * 3_400, outputTokens: 2 * 85, costSource: "estimated" });
  }, 150_000);

  it("is timed out, not a success, though it exits 0 when stopped", async () => {
    const { run, transcript } = await runAgainstModel({ kind: "gemini", model: "gemini-2.5-flash" }, [{ kind: "hang" }], geminiEnv, { timeoutSeconds: 5 }, geminiConfig);
    expect(run.status, transcript).toBe("timed_out");
    expect((run.result as { success?: boolean } | null)?.success ?? false).toBe(false);
  }, 150_000);

  it("does not hang on a permission it cannot get: under auto_edit it has no shell tool, and the run ends", async () => {
    const started = Date.now();
    const { run, events, upstream, branch, transcript } = await runAgainstModel(
      { kind: "gemini", model: "gemini-2.5-flash" },
      [
        { kind: "tool", name: "run_shell_command", input: { command: "touch asked.txt", description: "Needs a yes" } },
        { kind: "text", text: "I could not run it." },
      ],
      geminiEnv,
      { timeoutSeconds: 60 },
      geminiConfig,
    );
    // In headless mode without yolo, Gemini CLI leaves the shell tool out: the model's call finds no such tool.
    expect(Date.now() - started, transcript).toBeLessThan(45_000);
    expect(run.status, transcript).toBe("succeeded");
    expect(events).toContainEqual(expect.objectContaining({ type: "tool_result", name: "run_shell_command", isError: true, output: expect.stringContaining('Tool "run_shell_command" not found') }));
    expect(() => fileOnBranch(upstream.path, branch, "asked.txt")).toThrow();
  }, 150_000);

  it("fails with Gemini CLI's own words when the model API is rate-limited (429) or fails (500), once its attempts are spent", async () => {
    // general.maxAttempts (default 10, with backoff) bounds its retries.
    const oneAttempt = () => {
      const settings = JSON.parse(SCRIPTED_CLIS.gemini.config()[".gemini/settings.json"]) as Record<string, unknown>;
      return { gemini: { ".gemini/settings.json": JSON.stringify({ ...settings, general: { maxAttempts: 1 } }) } };
    };
    for (const [status, message] of [[429, "Resource has been exhausted (e.g. check quota)."], [500, "Internal error encountered."]] as const) {
      const { run, transcript } = await runAgainstModel({ kind: "gemini", model: "gemini-2.5-flash" }, [{ kind: "error", status, message }], geminiEnv, {}, oneAttempt);
      expect(run.status, transcript).toBe("failed");
      expect(run.error, transcript).toContain(message);
    }
  }, 240_000);

  it("fails with Gemini CLI's own words when the model API refuses its key", async () => {
    const { run, transcript } = await runAgainstModel({ kind: "gemini", model: "gemini-2.5-flash" }, [{ kind: "error", status: 401, message: "API key not valid" }], geminiEnv, {}, geminiConfig);
    expect(run.status, transcript).toBe("failed");
    expect(run.error, transcript).toMatch(/API key not valid/);
  }, 150_000);
});

describe("OpenCode", () => {
  // OpenCode takes a provider from its config: an OpenAI-compatible one pointed at the scripted server.
  const opencodeConfig = (url: string) => ({ opencode: SCRIPTED_CLIS.opencode.config(url) });

  it("runs a command the scripted model asks for: the change is pushed, its steps' tokens summed", async () => {
    const { run, events, upstream, branch, transcript } = await runAgainstModel(
      { kind: "opencode" },
      [
        { kind: "tool", name: "bash", input: { command: "echo hello from opencode > hello.txt", description: "Write hello.txt" } },
        { kind: "text", text: "Created hello.txt." },
      ],
      SCRIPTED_CLIS.opencode.env,
      {},
      opencodeConfig,
    );
    expect(run.status, transcript).toBe("succeeded");
    expect(fileOnBranch(upstream.path, branch, "hello.txt")).toBe("hello from opencode\n");
    expect(events).toContainEqual(expect.objectContaining({ type: "command", command: "echo hello from opencode > hello.txt" }));
    expect(runDto(run).usage).toMatchObject({ inputTokens: 2 * 4_600, cacheReadTokens: 2 * 3_400, outputTokens: 2 * 85, costSource: "reported" });
  }, 150_000);

  it("does not hang on a permission it cannot get: a command its config says to ask about is refused and the run ends", async () => {
    const asking = (url: string) => {
      const config = JSON.parse(SCRIPTED_CLIS.opencode.config(url)[".config/opencode/opencode.json"]) as Record<string, unknown>;
      return { opencode: { ".config/opencode/opencode.json": JSON.stringify({ ...config, permission: { bash: "ask" } }) } };
    };
    const started = Date.now();
    const { run, events, upstream, branch, transcript } = await runAgainstModel(
      { kind: "opencode" },
      [
        { kind: "tool", name: "bash", input: { command: "touch asked.txt", description: "Needs a yes" } },
        { kind: "text", text: "I could not run it." },
      ],
      SCRIPTED_CLIS.opencode.env,
      { timeoutSeconds: 60 },
      asking,
    );
    expect(Date.now() - started, transcript).toBeLessThan(45_000);
    // OpenCode's run mode rejects what its config says to ask about ("permission requested: bash …; auto-rejecting").
    expect(run.status, transcript).toBe("succeeded");
    expect(events).toContainEqual(expect.objectContaining({ type: "command", command: "touch asked.txt" }));
    expect(transcript).toContain("auto-rejecting");
    expect(() => fileOnBranch(upstream.path, branch, "asked.txt")).toThrow();
  }, 150_000);

  it("fails with OpenCode's own words when the model API refuses its key", async () => {
    const { run, transcript } = await runAgainstModel({ kind: "opencode" }, [{ kind: "error", status: 401, message: "Incorrect API key provided" }], SCRIPTED_CLIS.opencode.env, {}, opencodeConfig);
    expect(run.status, transcript).toBe("failed");
    expect(run.error, transcript).toContain("Incorrect API key provided");
  }, 150_000);
});

describe("a task budget", () => {
  it("stops Claude Code where the budget ends, and refuses the task's next run with the figures", async () => {
    // One scripted turn costs about $0.01 at Claude Code's prices for its default model.
    const { run, transcript, task } = await runAgainstModel(
      { kind: "claude-code" },
      [
        { kind: "tool", name: "Write", input: { file_path: "{cwd}/a.txt", content: "a\n" } },
        { kind: "tool", name: "Write", input: { file_path: "{cwd}/b.txt", content: "b\n" } },
        { kind: "text", text: "Wrote both." },
      ],
      CLAUDE_CODE_ENV,
      { budgetUsd: 0.005 },
    );
    expect(run.status, transcript).toBe("failed");
    expect(run.error, transcript).toMatch(/budget/i);
    expect(run.costUsd).toBeGreaterThan(0.005);
    await expect(spawnRun(operator, task.id)).rejects.toMatchObject({
      code: "budget_exceeded",
      status: 422,
      budget: { scope: "task", budgetUsd: 0.005, spentUsd: run.costUsd },
    });
  }, 150_000);
});

describe("a task budget crossed while the agent works", () => {
  it("stops OpenCode once its steps have cost what the task has left, as a failure saying so", async () => {
    // OpenCode prices each step from its provider's model config: $100 per million tokens, ~$0.5 a step.
    const pricedConfig = (url: string) => {
      const config = JSON.parse(SCRIPTED_CLIS.opencode.config(url)[".config/opencode/opencode.json"]) as { provider: { scripted: { models: Record<string, object> } } };
      config.provider.scripted.models["gpt-5-codex"] = { name: "Scripted", cost: { input: 100, output: 100, cache_read: 100, cache_write: 100 } };
      return { opencode: { ".config/opencode/opencode.json": JSON.stringify(config) } };
    };
    const started = Date.now();
    const { run, upstream, branch, transcript } = await runAgainstModel(
      { kind: "opencode" },
      [
        { kind: "tool", name: "bash", input: { command: "echo one > one.txt", description: "First step" } },
        { kind: "tool", name: "bash", input: { command: "sleep 60; echo late > late.txt", description: "A long second step" } },
        { kind: "text", text: "Done." },
      ],
      SCRIPTED_CLIS.opencode.env,
      { budgetUsd: 0.1 },
      pricedConfig,
    );
    expect(run.status, transcript).toBe("failed");
    expect(run.error, transcript).toMatch(/^Budget exceeded: this run has cost \$0\.\d\d, what was left of the task's budget of \$0\.10; its processes were stopped\./);
    expect(Date.now() - started).toBeLessThan(45_000);
    expect(run.costUsd).toBeGreaterThanOrEqual(0.1);
    expect(() => fileOnBranch(upstream.path, branch, "late.txt")).toThrow();
  }, 150_000);
});

describe("a run its CLI cannot do", () => {
  it("fails at once, saying why, when the repository's agents have no network to reach the model API", async () => {
    const upstream = await createBareGitRepo(["main"]);
    upstreams.push(upstream);
    const repository = await createTestRepository({ upstream: upstream.path, agentNetwork: "off", agentEnv: SCRIPTED_CLIS.codex.env() });
    const task = await createTestTask(repository, operator, { agent: { kind: "codex" } });
    const started = Date.now();
    const run = await finishedRun((await spawnRun(operator, task.id)).id, 60_000);
    expect(run.status).toBe("failed");
    expect(run.error).toBe("OpenAI Codex calls its model API over the network, and this repository's agents have no network: allow it in the repository's settings.");
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 60_000);

  it("fails the run saying so, before anything starts, when the worker does not have the CLI", async () => {
    const { run } = await runAgainstModel({ kind: "cursor" }, [], () => ({}));
    expect(run.status).toBe("failed");
    expect(run.error).toMatch(/^Cursor.*\(`cursor-agent`\) is not installed on this worker \(not found on its PATH\)\.$/);
  }, 60_000);
});
