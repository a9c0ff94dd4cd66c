import { describe, expect, it } from "vitest";
import { PROMPT, PROMPT_FILE, parseFixture, parseOutput } from "../testing/agent-test-support.ts";
import { codexAdapter } from "./codex.ts";

const build = (options: Record<string, unknown>) =>
  codexAdapter.buildInvocation({ prompt: PROMPT, promptFile: PROMPT_FILE, options: { kind: "codex", ...options } });

describe("codex adapter", () => {
  it("runs codex exec --json with the prompt on stdin ('-'), its own sandbox off inside the run's", () => {
    expect(build({})).toEqual({ argv: ["codex", "exec", "--json", "--sandbox", "danger-full-access", "-"], stdin: PROMPT });
  });

  it("adds the chosen model before the stdin marker, and ignores the sandbox mode an older spec names", () => {
    expect(build({ sandbox: "workspace-write", model: "gpt-5-codex" }).argv).toEqual([
      "codex",
      "exec",
      "--json",
      "--sandbox",
      "danger-full-access",
      "--model",
      "gpt-5-codex",
      "-",
    ]);
  });

  it("normalises a successful turn: reasoning, commands with exit codes, file changes, MCP calls and usage", () => {
    expect(parseFixture(codexAdapter, "codex.jsonl", 0)).toEqual([
      { type: "message", role: "reasoning", text: "**Looking for the greeting module**" },
      { type: "command", command: "bash -lc 'cat src/greet.ts'", exitCode: 0, output: "export {}\n" },
      { type: "file_change", path: "src/greet.ts", change: "update" },
      { type: "file_change", path: "src/greet.test.ts", change: "add" },
      { type: "tool_call", name: "docs.search", input: { query: "vitest expect" } },
      {
        type: "tool_result",
        name: "docs.search",
        output: '{"content":[{"type":"text","text":"expect(value).toBe(expected)"}],"structured_content":null}',
      },
      { type: "command", command: "bash -lc 'npm test'", exitCode: 0, output: "Tests: 1 passed\n" },
      { type: "message", role: "assistant", text: "Added greet() with a test; npm test passes." },
      {
        type: "result",
        success: true,
        summary: "Added greet() with a test; npm test passes.",
        tokens: { input: 24_763, output: 122, total: 24_885, cacheRead: 24_448 },
      },
    ]);
  });

  it("reports a failed turn, the stream error, a failed command and a failed patch", () => {
    expect(parseFixture(codexAdapter, "codex-failure.jsonl", 1)).toEqual([
      { type: "command", command: "bash -lc 'npm run build'", exitCode: 1, output: 'npm ERR! Missing script: "build"\n' },
      { type: "tool_result", name: "file_change", output: "Not applied: src/greet.ts", isError: true },
      { type: "error", message: "stream disconnected before completion: rate limit reached" },
      { type: "result", success: false, summary: "stream disconnected before completion: rate limit reached" },
    ]);
  });
});

describe("a turn Codex completes after a patch that was not applied", () => {
  it("is a failure naming the files, whatever its last message says", () => {
    const lines = [
      { type: "item.completed", item: { id: "1", type: "file_change", status: "failed", changes: [{ path: "hello.txt", kind: "add" }] } },
      { type: "item.completed", item: { id: "2", type: "agent_message", text: "Created hello.txt." } },
      { type: "turn.completed", usage: { input_tokens: 10, output_tokens: 2 } },
    ].map((line) => JSON.stringify(line));
    expect(parseOutput(codexAdapter, { stdout: lines }, 0).at(-1)).toEqual({
      type: "result",
      success: false,
      summary: "Codex's changes to hello.txt were not applied.",
      tokens: { input: 10, output: 2, total: 12 },
    });
  });
});
