import { z } from "zod";
import { WEBHOOK_EVENTS, WEBHOOK_FORMATS, type WebhookEvent } from "./events.ts";

export const webhookSchema = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  repositoryId: z.string().nullable().describe("Null: every repository of the installation"),
  format: z.enum(WEBHOOK_FORMATS),
  hasToken: z.boolean().describe("Whether a bearer token is sent (never shown)"),
  createdAt: z.string(),
  lastDelivery: z.object({ status: z.enum(["pending", "delivered", "failed"]), event: z.string(), createdAt: z.string() }).nullable(),
});

export const webhookAttemptSchema = z.object({
  statusCode: z.number().int().nullable(),
  durationMs: z.number().int(),
  responseExcerpt: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
});

export const webhookDeliverySchema = z.object({
  id: z.string().describe("The webhook-id header: the same on every attempt"),
  event: z.string(),
  status: z.enum(["pending", "delivered", "failed"]),
  attemptCount: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
  body: z.string().describe("The payload as sent"),
  attempts: z.array(webhookAttemptSchema).describe("Newest first"),
});

export type WebhookDto = z.infer<typeof webhookSchema>;
export type WebhookDeliveryDto = z.infer<typeof webhookDeliverySchema>;

type Status = "pending" | "delivered" | "failed";

export function webhookDto(row: {
  id: string;
  url: string;
  events: string[];
  repositoryId: string | null;
  format: "standard" | "openclaw";
  bearerToken: string | null;
  createdAt: Date;
  messages?: Array<{ status: Status; event: string; createdAt: Date }>;
}): WebhookDto {
  const last = row.messages?.[0];
  return {
    id: row.id,
    url: row.url,
    // Written only through the webhook schema.
    events: row.events as WebhookEvent[],
    repositoryId: row.repositoryId,
    format: row.format,
    hasToken: row.bearerToken !== null,
    createdAt: row.createdAt.toISOString(),
    lastDelivery: last ? { status: last.status, event: last.event, createdAt: last.createdAt.toISOString() } : null,
  };
}

export function webhookDeliveryDto(row: {
  id: string;
  event: string;
  status: Status;
  attemptCount: number;
  nextAttemptAt: Date | null;
  createdAt: Date;
  deliveredAt: Date | null;
  body: string;
  attempts: Array<{ statusCode: number | null; durationMs: number; responseExcerpt: string | null; error: string | null; createdAt: Date }>;
}): WebhookDeliveryDto {
  return {
    id: row.id,
    event: row.event,
    status: row.status,
    attemptCount: row.attemptCount,
    nextAttemptAt: row.status === "pending" ? (row.nextAttemptAt?.toISOString() ?? null) : null,
    createdAt: row.createdAt.toISOString(),
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    body: row.body,
    attempts: row.attempts.map((attempt) => ({ ...attempt, createdAt: attempt.createdAt.toISOString() })),
  };
}
