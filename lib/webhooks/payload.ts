import { env } from "../env.mjs";
import type { WebhookEvent } from "./events.ts";

export interface WebhookTask {
  id: string;
  name: string;
  branch: string;
  status: string;
  headSha: string | null;
  repositoryId: string;
}

/** The Standard Webhooks body: `type`, `timestamp` and `data`, whose `task` every event carries. */
export interface WebhookPayload {
  type: WebhookEvent;
  timestamp: string;
  data: { task: WebhookTask & { url: string } } & Record<string, unknown>;
}

/** The dashboard's public address, for links a receiver can open. */
export function dashboardUrl(): string {
  return (env.NEXTAUTH_URL ?? `http://${env.HOST.includes(":") ? `[${env.HOST}]` : env.HOST}:${env.PORT}`).replace(/\/+$/, "");
}

export function webhookPayload(event: WebhookEvent, task: WebhookTask, data: Record<string, unknown>, at = new Date()): WebhookPayload {
  return { type: event, timestamp: at.toISOString(), data: { task: { ...task, url: `${dashboardUrl()}/tasks/${task.id}` }, ...data } };
}
