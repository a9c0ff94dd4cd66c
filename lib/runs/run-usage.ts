import type { ResultEvent } from "../logs/log-events.ts";
import { priceOf } from "./model-prices.ts";

export type CostSource = "reported" | "estimated" | "unknown";

/** The run's usage columns, from its agent's result. */
export interface RunUsageColumns {
  inputTokens: number | null;
  outputTokens: number | null;
  cacheReadTokens: number | null;
  cacheWriteTokens: number | null;
  model: string | null;
  costUsd: number | null;
  costSource: CostSource;
}

/**
 * What a run cost: the tokens and cost its CLI reported; a cost it did not report is estimated from the
 * tokens and the model's list price, or unknown. `specModel` is the model the task asked for, used when
 * the CLI does not name one. An agent that reported nothing (a script) used unknown tokens and cost.
 */
export function runUsageOf(result: ResultEvent | null, specModel: string | undefined): RunUsageColumns {
  const tokens = result?.tokens;
  const model = result?.model ?? specModel ?? null;
  const usage = {
    inputTokens: tokens?.input ?? null,
    outputTokens: tokens?.output ?? null,
    cacheReadTokens: tokens?.cacheRead ?? null,
    cacheWriteTokens: tokens?.cacheWrite ?? null,
    model,
  };
  if (result?.costUsd !== undefined) return { ...usage, costUsd: result.costUsd, costSource: "reported" };
  const price = model ? priceOf(model) : undefined;
  if (!price || usage.inputTokens === null || usage.outputTokens === null) return { ...usage, costUsd: null, costSource: "unknown" };
  const cacheRead = usage.cacheReadTokens ?? 0;
  const cacheWrite = usage.cacheWriteTokens ?? 0;
  const freshInput = Math.max(0, usage.inputTokens - cacheRead - cacheWrite);
  const costUsd = (freshInput * price.input + cacheRead * price.cacheRead + cacheWrite * price.cacheWrite + usage.outputTokens * price.output) / 1e6;
  return { ...usage, costUsd: Math.round(costUsd * 1e6) / 1e6, costSource: "estimated" };
}
