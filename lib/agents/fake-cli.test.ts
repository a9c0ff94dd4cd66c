// Each CLI agent against a fake executable named like the real binary, found through PATH: it answers
// --version, records how it was called (argv, stdin, the --message-file's text) and prints the fixture.
import { spawn } from "node:child_process";
import { chmod, mkdtemp, readFile, rm, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { aiderAdapter } from "./aider.ts";
import { FIXTURES_DIR, PROMPT, parseFixture, parseOutput } from "../testing/agent-test-support.ts";
import { claudeCodeAdapter } from "./claude-code.ts";
import { codexAdapter } from "./codex.ts";
import { cursorAdapter } from "./cursor.ts";
import { detectBinary } from "./detect-binary.ts";
import { geminiAdapter } from "./gemini.ts";
import { opencodeAdapter } from "./opencode.ts";
import { detectAgents } from "./registry.ts";
import type { AgentAdapter, AgentInvocation } from "./types.ts";

interface FakeCli {
  adapter: AgentAdapter;
  fixture: string;
  versionOutput: string;
  version: string;
  /** Where the CLI documents taking the prompt. */
  promptVia: "argument" | "stdin" | "message file";
}

const FAKE_CLIS: FakeCli[] = [
  { adapter: claudeCodeAdapter, fixture: "claude-code.jsonl", versionOutput: "2.0.14 (Claude Code)", version: "2.0.14", promptVia: "stdin" },
  { adapter: codexAdapter, fixture: "codex.jsonl", versionOutput: "codex-cli 0.46.0", version: "0.46.0", promptVia: "stdin" },
  { adapter: geminiAdapter, fixture: "gemini.jsonl", versionOutput: "0.9.0", version: "0.9.0", promptVia: "stdin" },
  { adapter: aiderAdapter, fixture: "aider.txt", versionOutput: "aider 0.86.1", version: "0.86.1", promptVia: "message file" },
  { adapter: opencodeAdapter, fixture: "opencode.jsonl", versionOutput: "0.15.3", version: "0.15.3", promptVia: "stdin" },
  { adapter: cursorAdapter, fixture: "cursor.jsonl", versionOutput: "2025.09.18-7ae6800", version: "2025.09.18-7ae6800", promptVia: "argument" },
];

let binDir: string;
let promptFile: string;

function fakeScript(fake: FakeCli): string {
  const record = path.join(binDir, `${fake.adapter.binary}.record`);
  return `#!/bin/bash
if [ "$1" = "--version" ]; then echo '${fake.versionOutput}'; exit 0; fi
printf '%s\\0' "$@" > '${record}.argv'
cat > '${record}.stdin'
previous=""
for argument in "$@"; do
  if [ "$previous" = "--message-file" ]; then cat -- "$argument" > '${record}.message-file'; fi
  previous="$argument"
done
cat '${path.join(FIXTURES_DIR, fake.fixture)}'
`;
}

async function recorded(fake: FakeCli) {
  const record = path.join(binDir, `${fake.adapter.binary}.record`);
  const argv = (await readFile(`${record}.argv`, "utf8")).split("\0").slice(0, -1);
  const stdin = await readFile(`${record}.stdin`, "utf8");
  const messageFile = await readFile(`${record}.message-file`, "utf8").catch(() => undefined);
  return { argv, stdin, messageFile };
}

function run(invocation: AgentInvocation): Promise<{ stdout: string[]; stderr: string[]; exitCode: number | null }> {
  const [program = "", ...args] = invocation.argv;
  const child = spawn(program, args, { stdio: "pipe" });
  child.stdin.end(invocation.stdin ?? "");
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
  const lines = (chunks: Buffer[]) => {
    const text = Buffer.concat(chunks).toString("utf8");
    return text ? text.replace(/\n$/, "").split("\n") : [];
  };
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (exitCode) => resolve({ stdout: lines(stdout), stderr: lines(stderr), exitCode }));
  });
}

beforeAll(async () => {
  binDir = await mkdtemp(path.join(os.tmpdir(), "orch-fake-agents-"));
  promptFile = path.join(binDir, "prompt.md");
  await writeFile(promptFile, PROMPT);
  for (const fake of FAKE_CLIS) {
    const binary = path.join(binDir, fake.adapter.binary);
    await writeFile(binary, fakeScript(fake));
    await chmod(binary, 0o755);
  }
  vi.stubEnv("PATH", `${binDir}${path.delimiter}${process.env.PATH ?? ""}`);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await rm(binDir, { recursive: true, force: true });
});

describe.each(FAKE_CLIS)("$adapter.label against a fake $adapter.binary", (fake) => {
  it("is detected on PATH with its version", async () => {
    expect(await fake.adapter.detect({ wait: true })).toEqual({ available: true, version: fake.version, path: path.join(binDir, fake.adapter.binary) });
  });

  it(`receives the prompt by ${fake.promptVia} and its output parses to the fixture's events`, async () => {
    const invocation = fake.adapter.buildInvocation({ prompt: PROMPT, promptFile, options: { kind: fake.adapter.kind } });
    const output = await run(invocation);

    expect(output.exitCode).toBe(0);
    expect(parseOutput(fake.adapter, output, output.exitCode)).toEqual(parseFixture(fake.adapter, fake.fixture, 0));

    const call = await recorded(fake);
    expect(call.argv).toEqual(invocation.argv.slice(1));
    const promptArgumentCount = call.argv.filter((argument) => argument === PROMPT).length;
    if (fake.promptVia === "argument") {
      expect(call.argv[call.argv.indexOf("-p") + 1]).toBe(PROMPT);
      expect(call.stdin).toBe("");
    } else if (fake.promptVia === "stdin") {
      expect(call.stdin).toBe(PROMPT);
      expect(promptArgumentCount).toBe(0);
    } else {
      expect(call.messageFile).toBe(PROMPT);
      expect([call.stdin, promptArgumentCount]).toEqual(["", 0]);
    }
  });
});

describe("detection", () => {
  it("lists every kind, with the fake CLIs' versions, and command and script always available", async () => {
    const agents = await detectAgents({ wait: true });
    expect(agents.map((agent) => agent.kind)).toEqual(["claude-code", "codex", "gemini", "aider", "opencode", "cursor", "command", "script"]);
    for (const fake of FAKE_CLIS) {
      expect(agents).toContainEqual({ kind: fake.adapter.kind, label: fake.adapter.label, available: true, version: fake.version });
    }
    expect(agents.filter((agent) => agent.kind === "command" || agent.kind === "script").every((agent) => agent.available)).toBe(true);
    expect(await detectAgents()).toEqual(agents);
  });

  it("offers a CLI whose --version is slow as checking rather than hiding it, and asks again once its file changes", async () => {
    const slow = path.join(binDir, "orch-slow-agent");
    await writeFile(slow, "#!/bin/bash\nsleep 0.5\necho 'slow-agent 1.0.0'\n");
    await chmod(slow, 0o755);
    expect(await detectBinary("orch-slow-agent")).toEqual({ available: true, path: slow, checking: true });
    expect(await detectBinary("orch-slow-agent", { wait: true })).toEqual({ available: true, path: slow, version: "1.0.0" });
    expect(await detectBinary("orch-slow-agent")).toEqual({ available: true, path: slow, version: "1.0.0" });
    await writeFile(slow, "#!/bin/bash\necho 'slow-agent 2.0.0'\n");
    await utimes(slow, new Date(), new Date(Date.now() + 5_000));
    expect(await detectBinary("orch-slow-agent", { wait: true })).toEqual({ available: true, path: slow, version: "2.0.0" });
  });

  it("reports a binary missing from PATH, or one that fails --version, as unavailable", async () => {
    expect(await detectBinary("orch-no-such-agent", { wait: true })).toEqual({ available: false });
    const broken = path.join(binDir, "orch-broken-agent");
    await writeFile(broken, "#!/bin/bash\nexit 3\n");
    await chmod(broken, 0o755);
    expect(await detectBinary("orch-broken-agent", { wait: true })).toEqual({ available: false, path: broken });
  });
});
