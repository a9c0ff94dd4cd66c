import { describe, expect, it } from "vitest";
import { PROMPT, PROMPT_FILE, parseFixture } from "../testing/agent-test-support.ts";
import { cursorAdapter } from "./cursor.ts";

const build = (options: Record<string, unknown>) =>
  cursorAdapter.buildInvocation({ prompt: PROMPT, promptFile: PROMPT_FILE, options: { kind: "cursor", ...options } });

describe("cursor adapter", () => {
  it("passes the prompt to -p with stream-json output and --force so edits are applied", () => {
    expect(build({})).toEqual({ argv: ["cursor-agent", "-p", PROMPT, "--output-format", "stream-json", "--force"], stdin: null });
  });

  it("leaves out --force when asked to only propose changes, and adds the model", () => {
    expect(build({ force: false, model: "sonnet-4" }).argv).toEqual([
      "cursor-agent",
      "-p",
      PROMPT,
      "--output-format",
      "stream-json",
      "--model",
      "sonnet-4",
    ]);
  });

  it("rejects a force value that is not a boolean", () => {
    expect(() => build({ force: "yes" })).toThrow(/Force must be true or false/);
  });

  it("normalises a successful stream: messages, tool calls and results, the write, the shell command and the result", () => {
    expect(parseFixture(cursorAdapter, "cursor.jsonl", 0)).toEqual([
      { type: "message", role: "assistant", text: "I'll read the module first." },
      { type: "tool_call", name: "read", input: { path: "src/greet.ts" } },
      {
        type: "tool_result",
        name: "read",
        output: '{"content":"export {}\\n","isEmpty":false,"exceededLimit":false,"totalLines":1,"totalChars":10}',
      },
      { type: "file_change", path: "src/greet.ts", change: "write" },
      { type: "command", command: "npm test", exitCode: 0, output: "Tests: 1 passed\n" },
      { type: "tool_call", name: "web_search", input: { query: "vitest expect" } },
      { type: "message", role: "assistant", text: "Added greet(); npm test passes." },
      { type: "result", success: true, summary: "I'll read the module first.Added greet(); npm test passes." },
    ]);
  });

  it("reports a failure from the exit code and the error Cursor writes to stderr", () => {
    expect(parseFixture(cursorAdapter, "cursor-failure.jsonl", 1, ["Error: You've hit your usage limit"])).toEqual([
      { type: "command", command: "npm run build", exitCode: 1, output: 'npm ERR! Missing script: "build"' },
      { type: "result", success: false, summary: "Error: You've hit your usage limit" },
    ]);
  });
});
