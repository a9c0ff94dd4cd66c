import { subscribe } from "../events/bus.ts";
import { logger } from "../logger.ts";
import { claimDueWebhookMessages } from "../queue/claim-due-webhook-messages.ts";
import { deliverWebhookMessage } from "../webhooks/deliver-webhook-message.ts";
import { claimLoop } from "./claim-loop.ts";

/**
 * Sends due webhook messages, a few at a time: woken when one is queued in this process, polling for
 * those queued elsewhere and for retries coming due. Any number of processes may run one.
 */
export function startWebhookDispatcher(options: { pollMs?: number; concurrency?: number } = {}): { stop(): Promise<void> } {
  const capacity = options.concurrency ?? 4;
  const sending = new Set<Promise<void>>();
  const log = logger.child({ component: "webhooks" });

  async function fill(): Promise<void> {
    while (!loop.stopping && sending.size < capacity) {
      const [messageId] = await claimDueWebhookMessages(1);
      if (!messageId) return;
      const attempt: Promise<void> = deliverWebhookMessage(messageId)
        .catch((error: unknown) => log.error({ err: error, messageId }, "webhook delivery failed"))
        .finally(() => {
          sending.delete(attempt);
          loop.wake();
        });
      sending.add(attempt);
    }
  }

  const loop = claimLoop({ pollMs: options.pollMs ?? 1_000, fill, onError: (error) => log.error({ err: error }, "webhook claim failed") });
  const unsubscribe = subscribe("webhooks.queued", () => loop.wake());
  return {
    async stop() {
      unsubscribe();
      await loop.stop();
      await Promise.allSettled([...sending]);
    },
  };
}
