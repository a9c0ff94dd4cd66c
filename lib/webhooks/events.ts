/** What a subscription may listen to; `budget.exceeded` is reserved for agents' budgets. */
export const WEBHOOK_EVENTS = ["run.started", "run.finished", "checks.completed", "task.status_changed", "review.submitted", "task.merged", "budget.exceeded"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const WEBHOOK_EVENT_DESCRIPTIONS: Record<WebhookEvent, string> = {
  "run.started": "an agent's run began",
  "run.finished": "a run ended (succeeded, failed, timed out, cancelled or interrupted)",
  "checks.completed": "every check of the head finished, with the conclusion",
  "task.status_changed": "a task's status changed",
  "review.submitted": "someone approved or requested changes",
  "task.merged": "a task was merged",
  "budget.exceeded": "a run went over its budget",
};

export const WEBHOOK_FORMATS = ["standard", "openclaw"] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];
