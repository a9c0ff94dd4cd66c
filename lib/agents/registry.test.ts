import { describe, expect, it } from "vitest";
import { adapterFor, agentAdapters } from "./registry.ts";

describe("agent registry", () => {
  it("maps each kind to the adapter of that kind", () => {
    for (const [kind, adapter] of Object.entries(agentAdapters)) expect(adapter.kind).toBe(kind);
    expect(Object.keys(agentAdapters).sort()).toEqual(["aider", "claude-code", "codex", "command", "cursor", "gemini", "opencode", "script"]);
  });

  it("finds adapters by kind and nothing for other names", () => {
    expect(adapterFor("codex")).toBe(agentAdapters.codex);
    expect(adapterFor("devin")).toBeUndefined();
    expect(adapterFor("toString")).toBeUndefined();
  });
});
