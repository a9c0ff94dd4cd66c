import { describe, expect, it } from "vitest";
import { PROMPT, PROMPT_FILE, parseOutput } from "../testing/agent-test-support.ts";
import { commandAdapter } from "./command.ts";
import { PROMPT_FILE_ENV } from "./registry.ts";

const build = (options: Record<string, unknown>) =>
  commandAdapter.buildInvocation({ prompt: PROMPT, promptFile: PROMPT_FILE, options: { kind: "command", ...options } });

describe("command adapter", () => {
  it("runs the configured argv as given with the prompt on stdin", () => {
    expect(build({ argv: ["./agent.sh", "--fast", "two words"] })).toEqual({ argv: ["./agent.sh", "--fast", "two words"], stdin: PROMPT });
  });

  it("names the prompt file variable the runner sets", () => {
    expect(PROMPT_FILE_ENV).toBe("ORCH_PROMPT_FILE");
  });

  it("rejects an empty argv", () => {
    expect(() => build({ argv: [] })).toThrow(/The command needs at least a program/);
  });

  it("keeps JSON lines as messages, reads nothing into plain lines, and takes the outcome from the exit code", () => {
    const output = { stdout: ["working…", '{"step":"tests","ok":true}', ""], stderr: ["fatal: tests failed"] };
    expect(parseOutput(commandAdapter, output, 0)).toEqual([
      { type: "message", text: '{"step":"tests","ok":true}' },
      { type: "result", success: true },
    ]);
    expect(parseOutput(commandAdapter, output, 1).at(-1)).toEqual({ type: "result", success: false, summary: "fatal: tests failed" });
  });
});
