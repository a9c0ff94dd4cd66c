import { describe, expect, it } from "vitest";
import { PROMPT, PROMPT_FILE, parseFixture, parseOutput } from "../testing/agent-test-support.ts";
import { claudeCodeAdapter } from "./claude-code.ts";

const build = (options: Record<string, unknown>) =>
  claudeCodeAdapter.buildInvocation({ prompt: PROMPT, promptFile: PROMPT_FILE, options: { kind: "claude-code", ...options } });

describe("claude-code adapter", () => {
  it("passes the prompt on stdin to -p with stream-json, --verbose and the accept-edits permission mode by default", () => {
    expect(build({})).toEqual({
      argv: ["claude", "-p", "--output-format", "stream-json", "--verbose", "--permission-mode", "acceptEdits"],
      stdin: PROMPT,
      sandboxedEnv: { IS_SANDBOX: "1" },
    });
  });

  it("adds the chosen permission mode and model", () => {
    expect(build({ permissionMode: "bypassPermissions", model: "claude-sonnet-4-5" }).argv).toEqual([
      "claude",
      "-p",
      "--output-format",
      "stream-json",
      "--verbose",
      "--permission-mode",
      "bypassPermissions",
      "--model",
      "claude-sonnet-4-5",
    ]);
  });

  it("rejects an unknown permission mode and a model that looks like a flag", () => {
    expect(() => build({ permissionMode: "yolo" })).toThrow(/Permission mode must be one of/);
    expect(() => build({ model: "--dangerously-skip-permissions" })).toThrow(/Model must be a model name/);
  });

  it("normalises a successful stream: messages, tool calls, commands, file changes and the result with cost", () => {
    expect(parseFixture(claudeCodeAdapter, "claude-code.jsonl", 0)).toEqual([
      { type: "message", role: "reasoning", text: "The module is empty; add greet() and a test." },
      { type: "message", role: "assistant", text: "I'll add the greeting function and its test." },
      { type: "tool_call", name: "Read", input: { file_path: "/work/clone/src/greet.ts" } },
      { type: "tool_result", name: "Read", output: "     1\texport {}\n" },
      { type: "file_change", path: "/work/clone/src/greet.ts", change: "edit" },
      { type: "tool_result", name: "Edit", output: "The file /work/clone/src/greet.ts has been updated." },
      { type: "file_change", path: "/work/clone/src/greet.test.ts", change: "write" },
      { type: "tool_result", name: "Write", output: "File created successfully at: /work/clone/src/greet.test.ts" },
      { type: "command", command: "npm test" },
      { type: "tool_result", name: "Bash", output: "Tests: 1 passed" },
      { type: "message", role: "assistant", text: "Added greet() and its test; npm test passes." },
      {
        type: "result",
        success: true,
        summary: "Added greet() and its test; npm test passes.",
        tokens: { input: 10_120, output: 640, total: 10_760, cacheRead: 8_000, cacheWrite: 2_000 },
        costUsd: 0.0421,
      },
    ]);
  });

  it("reports a failed run from its error result and marks the failed tool", () => {
    expect(parseFixture(claudeCodeAdapter, "claude-code-failure.jsonl", 1)).toEqual([
      { type: "command", command: "npm run build" },
      { type: "tool_result", name: "Bash", output: "Claude requested permissions to use Bash, but you haven't granted it yet.", isError: true },
      {
        type: "result",
        success: false,
        summary: "Reached maximum number of turns (2)",
        tokens: { input: 1050, output: 80, total: 1130, cacheRead: 1000, cacheWrite: 0 },
        costUsd: 0.0112,
      },
    ]);
  });
});

describe("Claude Code's system lines", () => {
  const parse = (event: unknown) => parseOutput(claudeCodeAdapter, { stdout: [JSON.stringify(event)] }, 0).slice(0, -1);
  it("shows a retry of the model API and a refused permission as errors, keeps other notices as lines, and drops init", () => {
    expect(parse({ type: "system", subtype: "init", cwd: "/w" })).toEqual([]);
    expect(parse({ type: "system", subtype: "api_retry", attempt: 2, max_retries: 10, retry_delay_ms: 1500, error_status: 500, error: "api_error" })).toEqual([
      { type: "error", message: "The model API failed (500 api_error): retry 2 of 10 in 1.5 s." },
    ]);
    expect(parse({ type: "system", subtype: "permission_denied", tool_name: "Bash" })).toEqual([{ type: "error", message: "Permission denied for Bash." }]);
    expect(parse({ type: "system", subtype: "compact_boundary" })).toEqual([{ type: "message", text: '{"type":"system","subtype":"compact_boundary"}' }]);
  });
});

describe("a task budget", () => {
  it("is what Claude Code may spend (--max-budget-usd), what is left of it", () => {
    expect(claudeCodeAdapter.buildInvocation({ prompt: PROMPT, promptFile: PROMPT_FILE, options: { kind: "claude-code" }, budgetUsd: 0.125 }).argv.slice(-2)).toEqual(["--max-budget-usd", "0.1250"]);
  });
});
