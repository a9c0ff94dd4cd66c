/** What an API token may do, always within its user's role. */
export const TOKEN_SCOPES = ["tasks:read", "tasks:write", "reviews:approve", "merge", "admin"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** An orchestrator proposes and a person approves: new tokens read and write, and neither approve nor merge. */
export const DEFAULT_TOKEN_SCOPES: readonly TokenScope[] = ["tasks:read", "tasks:write"];

export const SCOPE_DESCRIPTIONS: Record<TokenScope, string> = {
  "tasks:read": "read repositories, tasks, runs, checks and diffs",
  "tasks:write": "create tasks, spawn and cancel runs, comment, request changes, close",
  "reviews:approve": "approve a task's head",
  merge: "merge a task",
  admin: "manage repositories, users, settings and tokens",
};
