import { describe, expect, it } from "vitest";
import { PROMPT, PROMPT_FILE, parseOutput } from "../testing/agent-test-support.ts";
import { scriptAdapter } from "./script.ts";

const build = (options: Record<string, unknown>) =>
  scriptAdapter.buildInvocation({ prompt: PROMPT, promptFile: PROMPT_FILE, options: { kind: "script", ...options } });

describe("script adapter", () => {
  it("runs the script with bash -c and no stdin", () => {
    expect(build({ script: "echo hi > hello.txt\ngit add hello.txt" })).toEqual({
      argv: ["bash", "-c", "echo hi > hello.txt\ngit add hello.txt"],
      stdin: null,
    });
  });

  it("rejects an empty script", () => {
    expect(() => build({ script: "   " })).toThrow(/Script is required/);
  });

  it("reads no structure from the output; the exit code is the outcome", () => {
    expect(parseOutput(scriptAdapter, { stdout: ['{"type":"result","success":false}', "done"] }, 0)).toEqual([
      { type: "result", success: true },
    ]);
    expect(parseOutput(scriptAdapter, { stdout: [] }, 2)).toEqual([{ type: "result", success: false }]);
    expect(parseOutput(scriptAdapter, { stdout: [] }, null)).toEqual([{ type: "result", success: false }]);
    expect(parseOutput(scriptAdapter, { stdout: [], stderr: ["compiling", "Error: no such file", ""] }, 1)).toEqual([{ type: "result", success: false, summary: "Error: no such file" }]);
  });
});
