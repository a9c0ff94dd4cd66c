import { Webhook } from "standardwebhooks";
import { openclawHookUrl, openclawMessage } from "./openclaw-message.ts";
import type { WebhookPayload } from "./payload.ts";

interface Subscription {
  url: string;
  format: "standard" | "openclaw";
  secret: string;
  bearerToken: string | null;
}

/**
 * The request for one attempt at a message: signed per the Standard Webhooks spec (the signature
 * covers the message id, this attempt's time and the body). The OpenClaw preset posts the gateway's
 * agent hook body instead, with its bearer token and the message id as the Idempotency-Key.
 */
export function webhookRequest(message: { id: string; body: string }, subscription: Subscription, at = new Date()) {
  const body = subscription.format === "openclaw" ? JSON.stringify({ message: openclawMessage(JSON.parse(message.body) as WebhookPayload), name: "Code Orchestrator", wakeMode: "now" }) : message.body;
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": "CodeOrchestrator-Webhooks/1",
    "webhook-id": message.id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new Webhook(subscription.secret).sign(message.id, at, body),
  };
  if (subscription.bearerToken) headers.authorization = `Bearer ${subscription.bearerToken}`;
  if (subscription.format === "openclaw") headers["idempotency-key"] = message.id;
  return { url: subscription.format === "openclaw" ? openclawHookUrl(subscription.url) : subscription.url, headers, body };
}
