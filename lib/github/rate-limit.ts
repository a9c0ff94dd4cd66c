/**
 * GitHub's rate limit as this process last saw it: when a response says the budget is spent (or asks
 * to retry later), calls wait for the reset instead of spending what is left of the hour on errors.
 */
let pausedUntil = 0;

/** Reads the rate-limit headers of a response (any status). */
export function noteRateLimit(status: number, headers: Record<string, string | number | undefined>, now = Date.now()): void {
  const retryAfter = Number(headers["retry-after"]);
  const remaining = headers["x-ratelimit-remaining"];
  const reset = Number(headers["x-ratelimit-reset"]);
  if (Number.isFinite(retryAfter) && retryAfter > 0 && (status === 403 || status === 429)) {
    pausedUntil = Math.max(pausedUntil, now + retryAfter * 1000);
  } else if (remaining !== undefined && Number(remaining) === 0 && Number.isFinite(reset)) {
    pausedUntil = Math.max(pausedUntil, reset * 1000);
  }
}

/** Whether calls should wait; `resumeAt` says until when. */
export function rateLimited(now = Date.now()): { limited: boolean; resumeAt: Date } {
  return { limited: now < pausedUntil, resumeAt: new Date(pausedUntil) };
}

export function resetRateLimitForTests(): void {
  pausedUntil = 0;
}
