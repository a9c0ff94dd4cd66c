import { describe, expect, it } from "vitest";
import { PROMPT, PROMPT_FILE, parseFixture } from "../testing/agent-test-support.ts";
import { opencodeAdapter } from "./opencode.ts";

const build = (options: Record<string, unknown>) =>
  opencodeAdapter.buildInvocation({ prompt: PROMPT, promptFile: PROMPT_FILE, options: { kind: "opencode", ...options } });

describe("opencode adapter", () => {
  it("runs opencode run with JSON events and the prompt on stdin", () => {
    expect(build({})).toEqual({ argv: ["opencode", "run", "--format", "json"], stdin: PROMPT });
  });

  it("adds the model as provider/model", () => {
    expect(build({ model: "anthropic/claude-sonnet-4-5" }).argv).toEqual([
      "opencode",
      "run",
      "--format",
      "json",
      "--model",
      "anthropic/claude-sonnet-4-5",
    ]);
  });

  it("rejects a model with spaces", () => {
    expect(() => build({ model: "anthropic claude" })).toThrow(/Model must be a model name/);
  });

  it("normalises a successful run and sums tokens and cost over its steps", () => {
    const all = parseFixture(opencodeAdapter, "opencode.jsonl", 0);
    // Each step's end reports the usage so far, for the run's budget watch.
    expect(all.filter((event) => event.type === "usage").map((event) => (event as { costUsd?: number }).costUsd)).toEqual([0.0125, 0.02]);
    const events = all.filter((event) => event.type !== "usage");
    const result = events.at(-1);
    expect(events.slice(0, -1)).toEqual([
      { type: "message", role: "assistant", text: "I'll add greet() and run the tests." },
      { type: "tool_call", name: "read", input: { filePath: "/work/clone/src/greet.ts" } },
      { type: "tool_result", name: "read", output: "<file>\n00001| export {}\n</file>" },
      { type: "file_change", path: "/work/clone/src/greet.ts", change: "edit" },
      { type: "command", command: "npm test", exitCode: 0, output: "Tests: 1 passed\n" },
      { type: "message", role: "assistant", text: "Added greet(); npm test passes." },
    ]);
    expect(result).toEqual({
      type: "result",
      success: true,
      summary: "Added greet(); npm test passes.",
      tokens: { input: 19_000, output: 420, total: 19_420, cacheRead: 17_000, cacheWrite: 500 },
      costUsd: expect.closeTo(0.02, 10),
    });
  });

  it("reports a failed run from the error event, keeping the failed tool", () => {
    expect(parseFixture(opencodeAdapter, "opencode-failure.jsonl", 1)).toEqual([
      { type: "tool_call", name: "edit", input: { filePath: "/work/clone/src/greet.ts", oldString: "export default {}", newString: "export {}" } },
      { type: "tool_result", name: "edit", output: "oldString not found in content", isError: true },
      { type: "error", message: "Rate limit exceeded" },
      { type: "result", success: false, summary: "Rate limit exceeded" },
    ]);
  });
});
