import { env } from "../env.mjs";

/** A message not delivered within a day of its event is given up. */
export const GIVE_UP_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * When to try a message again after `attempts` failed tries: the base delay, four times longer each
 * time (5 s, 20 s, 80 s, 5 min, 21 min, 85 min, 6 h by default) with a tenth of jitter, the last try
 * exactly a day after the event; null once that day is over.
 */
export function nextAttemptAt(createdAt: Date, attempts: number, now = new Date(), baseSeconds = env.WEBHOOK_RETRY_BASE_SECONDS): Date | null {
  const deadline = createdAt.getTime() + GIVE_UP_AFTER_MS;
  if (now.getTime() >= deadline) return null;
  const delay = baseSeconds * 1000 * 4 ** Math.max(0, attempts - 1) * (0.9 + Math.random() * 0.2);
  return new Date(Math.min(now.getTime() + delay, deadline));
}
