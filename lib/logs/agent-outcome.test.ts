import { describe, expect, it } from "vitest";
import { claudeCodeAdapter } from "../agents/claude-code.ts";
import { opencodeAdapter } from "../agents/opencode.ts";
import { scriptAdapter } from "../agents/script.ts";
import { AgentOutcome } from "./agent-outcome.ts";

const workdir = "/data/workspaces/w1/run-1";
const line = (event: unknown) => JSON.stringify(event);
const write = (file: string) => line({ type: "assistant", message: { content: [{ type: "tool_use", id: "t1", name: "Write", input: { file_path: file, content: "x" } }] } });
const claudeResult = line({ type: "result", subtype: "success", is_error: false, result: "Done.", total_cost_usd: 0.02, usage: { input_tokens: 10, output_tokens: 5 } });

describe("AgentOutcome", () => {
  it("shows a file the agent changed in its clone by its path in the clone, and leaves other paths as they are", () => {
    const agent = new AgentOutcome(claudeCodeAdapter.createParser(), workdir);
    expect(agent.pushLine(write(`${workdir}/src/a.ts`), "stdout")).toEqual([{ type: "file_change", path: "src/a.ts", change: "write" }]);
    expect(agent.pushLine(write("/etc/hosts"), "stdout")).toEqual([{ type: "file_change", path: "/etc/hosts", change: "write" }]);
    expect(agent.pushLine(write(`${workdir}-other/a.ts`), "stdout")).toEqual([{ type: "file_change", path: `${workdir}-other/a.ts`, change: "write" }]);
    expect(agent.pushLine(write("relative.ts"), "stdout")).toEqual([{ type: "file_change", path: "relative.ts", change: "write" }]);
  });

  it("keeps the result the agent printed as it went, with its usage, for the run", () => {
    const agent = new AgentOutcome(claudeCodeAdapter.createParser(), workdir);
    agent.pushLine(claudeResult, "stdout");
    expect(agent.finish(0, null)).toEqual({ events: [], result: { type: "result", success: true, summary: "Done.", tokens: { input: 10, output: 5, total: 15 }, costUsd: 0.02 } });
  });

  it("keeps the usage a CLI reports step by step out of the log, handing the latest to the budget watch once", () => {
    const agent = new AgentOutcome(opencodeAdapter.createParser(), workdir);
    const step = (cost: number) => line({ type: "step_finish", part: { reason: "tool-calls", cost, tokens: { input: 100, output: 10, reasoning: 0, cache: { read: 0, write: 0 } } } });
    expect(agent.takeUsage()).toBeNull();
    expect(agent.pushLine(step(0.01), "stdout")).toEqual([]);
    expect(agent.pushLine(step(0.02), "stdout")).toEqual([]);
    expect(agent.takeUsage()).toEqual({ type: "usage", tokens: { input: 200, output: 20, cacheRead: 0, cacheWrite: 0 }, costUsd: 0.03 });
    expect(agent.takeUsage()).toBeNull();
  });

  it("makes the result from the exit when the agent printed none", () => {
    expect(new AgentOutcome(scriptAdapter.createParser(), workdir).finish(0, null)).toEqual({ events: [{ type: "result", success: true }], result: { type: "result", success: true } });
  });

  it("lets no result claim success when the orchestrator stopped the agent, whatever its exit or its own words", () => {
    const stopped = "Timed out: the agent's processes were stopped.";
    const printed = new AgentOutcome(claudeCodeAdapter.createParser(), workdir);
    printed.pushLine(claudeResult, "stdout");
    expect(printed.finish(0, stopped).result).toEqual({ type: "result", success: false, summary: stopped, tokens: { input: 10, output: 5, total: 15 }, costUsd: 0.02 });
    const exitedZero = new AgentOutcome(scriptAdapter.createParser(), workdir).finish(0, stopped);
    expect(exitedZero).toEqual({ events: [{ type: "result", success: false, summary: stopped }], result: { type: "result", success: false, summary: stopped } });
  });
});
