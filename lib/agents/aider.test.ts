import { describe, expect, it } from "vitest";
import { aiderAdapter } from "./aider.ts";
import { PROMPT, PROMPT_FILE, parseFixture } from "../testing/agent-test-support.ts";

const build = (options: Record<string, unknown>) =>
  aiderAdapter.buildInvocation({ prompt: PROMPT, promptFile: PROMPT_FILE, options: { kind: "aider", ...options } });

const NON_INTERACTIVE_FLAGS = ["--yes-always", "--no-pretty", "--no-stream", "--no-check-update", "--no-show-release-notes", "--no-analytics"];

describe("aider adapter", () => {
  it("sends the prompt file with --message-file and plain, non-interactive output", () => {
    expect(build({})).toEqual({ argv: ["aider", "--message-file", PROMPT_FILE, ...NON_INTERACTIVE_FLAGS], stdin: null });
  });

  it("adds the model", () => {
    expect(build({ model: "anthropic/claude-sonnet-4-20250514" }).argv).toEqual([
      "aider",
      "--message-file",
      PROMPT_FILE,
      ...NON_INTERACTIVE_FLAGS,
      "--model",
      "anthropic/claude-sonnet-4-20250514",
    ]);
  });

  it("rejects a model that is not text", () => {
    expect(() => build({ model: 42 })).toThrow(/Model must be text/);
  });

  it("turns text into messages, applied edits into file changes, commits into commands, and sums usage", () => {
    const events = parseFixture(aiderAdapter, "aider.txt", 0);
    // Each "Tokens: … Cost: …" line is the session's usage so far, for the run's budget watch.
    expect(events.filter((event) => event.type === "usage")).toEqual([
      { type: "usage", tokens: { input: 2_000, output: 1_400 }, costUsd: 0.03 },
      { type: "usage", tokens: { input: 18_000, output: 1_894 }, costUsd: 0.08 },
    ]);
    expect(events.filter((event) => event.type !== "message" && event.type !== "usage")).toEqual([
      { type: "file_change", path: "src/greet.ts", change: "edit" },
      { type: "file_change", path: "src/greet.test.ts", change: "edit" },
      { type: "command", command: "git commit", exitCode: 0, output: "4363d37 feat: Add greet function with a test" },
      // 2.0k + 16k sent, 1.4k + 494 received (aider rounds counts above 1,000); cost is the session total.
      { type: "result", success: true, tokens: { input: 18_000, output: 1894, total: 19_894 }, costUsd: 0.08 },
    ]);
    expect(events.filter((event) => event.type === "message").slice(0, 2)).toEqual([
      { type: "message", text: "Aider v0.86.1" },
      { type: "message", text: "Main model: anthropic/claude-sonnet-4-20250514 with diff edit format, infinite output" },
    ]);
    expect(events).toContainEqual({ type: "message", text: "I'll add a greet() function and a test for it." });
  });

  it("reports a failed run with the last line aider printed", () => {
    expect(parseFixture(aiderAdapter, "aider-failure.txt", 1).at(-1)).toEqual({
      type: "result",
      success: false,
      summary: "The API provider is not able to authenticate you. Check your API key.",
    });
  });
});
