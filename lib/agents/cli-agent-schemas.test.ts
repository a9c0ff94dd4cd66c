import { describe, expect, it } from "vitest";
import { z } from "zod";
import { commandAgentSchema, scriptAgentSchema } from "./agent-schema.ts";
import { cliAgentSchemas } from "./cli-agent-schemas.ts";
import { agentAdapters } from "./registry.ts";

// The union spec-schema.ts is to build from these schemas.
const mergedAgentSchema = z.discriminatedUnion("kind", [scriptAgentSchema, commandAgentSchema, ...cliAgentSchemas]);

describe("cliAgentSchemas", () => {
  it("merge into the spec's agent union and fill in defaults", () => {
    expect(mergedAgentSchema.parse({ kind: "claude-code" })).toEqual({ kind: "claude-code", permissionMode: "acceptEdits" });
    expect(mergedAgentSchema.parse({ kind: "codex", model: " gpt-5-codex " })).toEqual({ kind: "codex", model: "gpt-5-codex" });
    expect(mergedAgentSchema.parse({ kind: "gemini" })).toEqual({ kind: "gemini", approvalMode: "auto_edit" });
    expect(mergedAgentSchema.parse({ kind: "aider" })).toEqual({ kind: "aider" });
    expect(mergedAgentSchema.parse({ kind: "opencode" })).toEqual({ kind: "opencode" });
    expect(mergedAgentSchema.parse({ kind: "cursor" })).toEqual({ kind: "cursor", force: true });
    expect(mergedAgentSchema.parse({ kind: "script", script: "true" })).toEqual({ kind: "script", script: "true" });
  });

  it("reject bad option values with a message naming the field", () => {
    const problem = mergedAgentSchema.safeParse({ kind: "gemini", approvalMode: "off" });
    expect(problem.success).toBe(false);
    expect(problem.error?.issues[0]).toMatchObject({ path: ["approvalMode"], message: expect.stringMatching(/^Approval mode must be one of/) });
    expect(mergedAgentSchema.safeParse({ kind: "claude-code", model: "-p" }).success).toBe(false);
    expect(mergedAgentSchema.safeParse({ kind: "unknown" }).success).toBe(false);
  });

  it("have an adapter for every kind", () => {
    for (const schema of cliAgentSchemas) {
      const kind = schema.shape.kind.value;
      expect(agentAdapters[kind].kind).toBe(kind);
    }
  });
});
