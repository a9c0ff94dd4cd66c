/** Of several attempts of the same check (per source and name), the latest one each, in first-seen order. */
export function latestAttempts<T extends { source: string; name: string; attempt: number }>(checks: T[]): T[] {
  const latest = new Map<string, T>();
  for (const check of checks) {
    const key = `${check.source}\u0000${check.name}`;
    const seen = latest.get(key);
    if (!seen || check.attempt > seen.attempt) latest.set(key, check);
  }
  return [...latest.values()];
}
