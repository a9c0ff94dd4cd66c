import { describe, expect, it } from "vitest";
import { PROMPT, PROMPT_FILE, parseFixture } from "../testing/agent-test-support.ts";
import { claudeCodeAdapter } from "./claude-code.ts";

const build = (options: Record<string, unknown>) =>
  claudeCodeAdapter.buildInvocation({ prompt: PROMPT, promptFile: PROMPT_FILE, options: { kind: "claude-code", ...options } });

describe("claude-code adapter", () => {
  it("passes the prompt to -p with stream-json, --verbose and the accept-edits permission mode by default", () => {
    expect(build({})).toEqual({
      argv: ["claude", "-p", PROMPT, "--output-format", "stream-json", "--verbose", "--permission-mode", "acceptEdits"],
      stdin: null,
    });
  });

  it("adds the chosen permission mode and model", () => {
    expect(build({ permissionMode: "bypassPermissions", model: "claude-sonnet-4-5" }).argv).toEqual([
      "claude",
      "-p",
      PROMPT,
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
        tokens: { input: 10_120, output: 640, total: 10_760 },
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
        tokens: { input: 1050, output: 80, total: 1130 },
        costUsd: 0.0112,
      },
    ]);
  });
});
