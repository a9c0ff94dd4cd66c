import { describe, expect, it } from "vitest";
import { PROMPT, PROMPT_FILE, parseFixture, parseOutput } from "../testing/agent-test-support.ts";
import { geminiAdapter } from "./gemini.ts";

const build = (options: Record<string, unknown>) =>
  geminiAdapter.buildInvocation({ prompt: PROMPT, promptFile: PROMPT_FILE, options: { kind: "gemini", ...options } });

describe("gemini adapter", () => {
  it("passes the prompt on stdin with stream-json output, auto_edit approval by default, and the run's clone trusted", () => {
    expect(build({})).toEqual({
      argv: ["gemini", "--output-format", "stream-json", "--approval-mode", "auto_edit", "--skip-trust"],
      stdin: PROMPT,
    });
  });

  it("adds the chosen approval mode and model", () => {
    expect(build({ approvalMode: "yolo", model: "gemini-2.5-pro" }).argv).toEqual([
      "gemini",
      "--output-format",
      "stream-json",
      "--approval-mode",
      "yolo",
      "--skip-trust",
      "--model",
      "gemini-2.5-pro",
    ]);
  });

  it("rejects an unknown approval mode and an empty model", () => {
    expect(() => build({ approvalMode: "always" })).toThrow(/Approval mode must be one of/);
    expect(() => build({ model: "  " })).toThrow(/Model cannot be empty/);
  });

  it("normalises a successful stream: assistant messages, tools, commands, file writes, warnings and token stats", () => {
    expect(parseFixture(geminiAdapter, "gemini.jsonl", 0)).toEqual([
      { type: "message", role: "assistant", text: "I'll add the greeting function." },
      { type: "tool_call", name: "read_file", input: { absolute_path: "/work/clone/src/greet.ts" } },
      { type: "tool_result", name: "read_file", output: "export {}" },
      { type: "file_change", path: "/work/clone/src/greet.ts", change: "write" },
      { type: "tool_result", name: "write_file", output: "Successfully overwrote file: /work/clone/src/greet.ts." },
      { type: "command", command: "npm test" },
      { type: "tool_result", name: "run_shell_command", output: "Tests: 1 passed" },
      { type: "error", message: "Warning: Loop detection has been disabled for this session." },
      { type: "message", role: "assistant", text: "Added greet(); npm test passes." },
      { type: "result", success: true, tokens: { input: 10_230, output: 312, total: 10_542, cacheRead: 4_096 } },
    ]);
  });

  it("reports a failed tool, an API error and the error result", () => {
    expect(parseFixture(geminiAdapter, "gemini-failure.jsonl", 53)).toEqual([
      { type: "file_change", path: "/work/clone/src/greet.ts", change: "edit" },
      { type: "tool_result", name: "replace", output: "Failed to edit, could not find the string to replace.", isError: true },
      { type: "error", message: "[API Error: 429 Resource has been exhausted]" },
      {
        type: "result",
        success: false,
        summary: "Reached max session turns for this session.",
        tokens: { input: 2000, output: 100, total: 2100, cacheRead: 0 },
      },
    ]);
  });
});

describe("Gemini CLI's messages in pieces", () => {
  const line = (event: Record<string, unknown>) => JSON.stringify(event);
  it("joins an assistant message's pieces into one message, before what follows it or at the end", () => {
    const pieces = ["Created ", "hello", ".txt."].map((content) => line({ type: "message", role: "assistant", content, delta: true }));
    const result = line({ type: "result", status: "success", stats: { total_tokens: 12, input_tokens: 10, output_tokens: 2, cached: 4, models: { "gemini-2.5-flash": { total_tokens: 12 } } } });
    expect(parseOutput(geminiAdapter, { stdout: [...pieces, result] }, 0)).toEqual([
      { type: "message", role: "assistant", text: "Created hello.txt." },
      { type: "result", success: true, tokens: { input: 10, output: 2, total: 12, cacheRead: 4 }, model: "gemini-2.5-flash" },
    ]);
    expect(parseOutput(geminiAdapter, { stdout: pieces }, 0)).toEqual([
      { type: "message", role: "assistant", text: "Created hello.txt." },
      { type: "result", success: true },
    ]);
  });
});
