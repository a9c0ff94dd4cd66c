import { describe, expect, it } from "vitest";
import { priceOf } from "./model-prices.ts";
import { runUsageOf } from "./run-usage.ts";

describe("runUsageOf", () => {
  it("takes the cost the CLI reported, with its tokens and model", () => {
    const result = { type: "result" as const, success: true, tokens: { input: 10_000, output: 500, cacheRead: 6_000, cacheWrite: 1_000 }, costUsd: 0.0321, model: "claude-sonnet-4-5" };
    expect(runUsageOf(result, undefined)).toEqual({
      inputTokens: 10_000,
      outputTokens: 500,
      cacheReadTokens: 6_000,
      cacheWriteTokens: 1_000,
      model: "claude-sonnet-4-5",
      costUsd: 0.0321,
      costSource: "reported",
    });
  });

  it("estimates a cost the CLI did not report from the tokens and the list price of the model the spec named", () => {
    const result = { type: "result" as const, success: true, tokens: { input: 1_000_000, output: 100_000, cacheRead: 400_000 } };
    // 600k fresh × 1.25 + 400k cached × 0.125 + 100k out × 10, per million.
    expect(runUsageOf(result, "gpt-5-codex")).toMatchObject({ model: "gpt-5-codex", costUsd: 0.75 + 0.05 + 1, costSource: "estimated" });
  });

  it("says unknown for a model without a price, and for an agent that reported nothing", () => {
    expect(runUsageOf({ type: "result", success: true, tokens: { input: 10, output: 2 } }, "some-local-model")).toMatchObject({ costUsd: null, costSource: "unknown" });
    expect(runUsageOf({ type: "result", success: true, tokens: { input: 10, output: 2 } }, undefined)).toMatchObject({ model: null, costSource: "unknown" });
    const nothing = { inputTokens: null, outputTokens: null, cacheReadTokens: null, cacheWriteTokens: null, model: null, costUsd: null, costSource: "unknown" };
    expect(runUsageOf({ type: "result", success: true }, undefined)).toEqual(nothing);
    expect(runUsageOf(null, "gpt-5")).toEqual({ ...nothing, model: "gpt-5" });
  });

  it("matches a dated or versioned model name to its family's price, the longest name first", () => {
    expect(priceOf("claude-sonnet-4-5-20250929")).toEqual(priceOf("claude-sonnet-4"));
    expect(priceOf("claude-opus-4-5-20251101")?.input).toBe(5);
    expect(priceOf("claude-opus-4-1")?.input).toBe(15);
    expect(priceOf("gpt-5-mini")?.input).toBe(0.25);
    expect(priceOf("gpt-50")).toBeUndefined();
  });
});
