/**
 * List prices in USD per million tokens, for runs whose CLI does not report a cost (Codex, Gemini CLI):
 * their cost is estimated from the tokens it reports. A model is matched by the longest key that starts
 * its name ("claude-sonnet-4-5-20250929" → "claude-sonnet-4-5"). Keep in step with the providers'
 * pricing pages; a model not listed has an unknown cost.
 */
export interface ModelPrice {
  input: number;
  output: number;
  /** Cached input read; input's price when the provider has no such price. */
  cacheRead: number;
  /** Input written to the cache; input's price when the provider has no such price. */
  cacheWrite: number;
}

export const MODEL_PRICES: Record<string, ModelPrice> = {
  "claude-opus-4": { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 },
  "claude-opus-4-5": { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
  "claude-sonnet-4": { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  "claude-haiku-4-5": { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 },
  "gpt-5": { input: 1.25, output: 10, cacheRead: 0.125, cacheWrite: 1.25 },
  "gpt-5-mini": { input: 0.25, output: 2, cacheRead: 0.025, cacheWrite: 0.25 },
  "gpt-5-codex": { input: 1.25, output: 10, cacheRead: 0.125, cacheWrite: 1.25 },
  "gemini-2.5-pro": { input: 1.25, output: 10, cacheRead: 0.31, cacheWrite: 1.25 },
  "gemini-2.5-flash": { input: 0.3, output: 2.5, cacheRead: 0.075, cacheWrite: 0.3 },
};

export function priceOf(model: string): ModelPrice | undefined {
  const key = Object.keys(MODEL_PRICES)
    .filter((name) => model === name || model.startsWith(`${name}-`) || model.startsWith(`${name}@`))
    .sort((a, b) => b.length - a.length)[0];
  return key === undefined ? undefined : MODEL_PRICES[key];
}
