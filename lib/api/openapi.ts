import { z } from "zod";
import { tokenSchema } from "../auth/tokens/dto.ts";
import { checkSchema, checksOverviewSchema } from "../checks/dto.ts";
import { mergeRecordSchema, mergeStatusSchema } from "../merge/dto.ts";
import { notificationListSchema } from "../notifications/queries.ts";
import { settingsSchema } from "../settings/settings.ts";
import { userSchema } from "../users/dto.ts";
import { repositorySchema } from "../repositories/dto.ts";
import { commentSchema, diffFilesSchema, reviewRequestSchema, reviewSchema } from "../review/dto.ts";
import { runSchema } from "../runs/dto.ts";
import { taskSchema } from "../tasks/dto.ts";
import { taskListFactsSchema } from "../pipeline/list-facts.ts";
import { rerunSchema } from "../pipeline/rerun-checks.ts";
import { mergeInputSchema } from "../pipeline/merge-task.ts";
import { githubConnectionSchema } from "../repositories/update-github-connection.ts";
import { commentInputSchema, replyInputSchema } from "../review/comment-schema.ts";
import { markReadSchema } from "../notifications/mark-read.ts";
import { reviewRequestInputSchema } from "../review/request-review.ts";
import { reviewInputSchema } from "../pipeline/submit-review.ts";
import { repositoryInputSchema } from "../repositories/schema.ts";
import { closeTaskSchema } from "../pipeline/close-task.ts";
import { taskListQuerySchema } from "../tasks/list-query-schema.ts";
import { usageQueryFields, usageReportSchema } from "../runs/usage-report.ts";
import { budgetRefusalSchema } from "../runs/budget.ts";
import { taskSpecSchema } from "../tasks/spec-schema.ts";
import { markdownTaskInputSchema } from "../tasks/create-task-from-markdown.ts";
import { newUserSchema, userChangeSchema } from "../users/schema.ts";
import { newTokenSchema } from "../auth/tokens/create-api-token.ts";
import { agentEnvSchema } from "../repositories/update-agent-env.ts";
import { agentConfigSchema } from "../repositories/agent-config.ts";
import { settingsChangeSchema } from "../settings/update-settings.ts";
import { newWebhookSchema } from "../webhooks/create-webhook.ts";
import { webhookDeliverySchema, webhookSchema } from "../webhooks/dto.ts";

const errorSchema = z.object({
  error: z.object({
    code: z.enum(["bad_request", "unauthorized", "forbidden", "not_found", "conflict", "unsupported_media_type", "validation_failed", "budget_exceeded", "internal", "git_failed", "unavailable"]),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
    budget: budgetRefusalSchema.optional().describe("With budget_exceeded: the budget the run would exceed"),
  }),
});

const schemas = {
  RepositoryInput: repositoryInputSchema,
  TaskSpec: taskSpecSchema,
  MarkdownTask: markdownTaskInputSchema,
  NewUser: newUserSchema,
  CheckRerun: rerunSchema,
  Comment: commentInputSchema,
  Reply: replyInputSchema,
  ReviewInput: reviewInputSchema,
  CloseTask: closeTaskSchema,
  UserChange: userChangeSchema,
  SettingsChange: settingsChangeSchema,
  AgentEnv: agentEnvSchema,
  AgentConfig: agentConfigSchema,
  NewToken: newTokenSchema,
  ReviewRequest: reviewRequestInputSchema,
  MarkNotificationsRead: markReadSchema,
  Merge: mergeInputSchema,
  GithubConnection: githubConnectionSchema,
  NewWebhook: newWebhookSchema,
  Error: errorSchema,
};

// What the routes answer: the DTOs' schemas, which type the DTO functions too.
const responseSchemas = {
  Task: taskSchema,
  TaskListItem: taskSchema.extend({ facts: taskListFactsSchema }),
  Run: runSchema,
  Check: checkSchema,
  ChecksOverview: checksOverviewSchema,
  Repository: repositorySchema,
  Review: reviewSchema,
  Comment: commentSchema,
  ReviewRequest: reviewRequestSchema,
  MergeStatus: mergeStatusSchema,
  NotificationList: notificationListSchema,
  User: userSchema,
  Token: tokenSchema,
  Settings: settingsSchema,
  Webhook: webhookSchema,
  WebhookDelivery: webhookDeliverySchema,
  DiffFiles: diffFilesSchema,
};

const ref = (name: keyof typeof schemas | keyof typeof responseSchemas) => ({ $ref: `#/components/schemas/${name}` });
const jsonBody = (name: keyof typeof schemas) => ({
  required: true,
  content: { "application/json": { schema: ref(name) } },
});
const errors = Object.fromEntries(
  [
    ["400", "The body is not JSON"],
    ["401", "No valid token or session"],
    ["403", "The role is too low"],
    ["404", "Not found"],
    ["409", "Conflicts with existing data"],
    ["415", "A session-authenticated request whose body is not declared as application/json"],
    ["422", "Invalid input, with a message per field"],
    ["503", "The database is busy: retry after the Retry-After header's seconds"],
  ].map(([status, description]) => [
    status,
    { description, content: { "application/json": { schema: ref("Error") } } },
  ]),
);
/** An answer whose shape is given inline (an envelope): `{runId, status, run}` and the like. */
const ok = (description: string, schema: z.ZodType) => ({ description, content: { "application/json": { schema: z.toJSONSchema(schema, { io: "output", unrepresentable: "any" }) } } });
const returns = (name: keyof typeof responseSchemas, description = `The ${name.toLowerCase()}`) => ({ description, content: { "application/json": { schema: ref(name) } } });
const listOf = (name: keyof typeof responseSchemas, extra: Record<string, unknown> = {}) => ({
  description: `{items}: ${name.toLowerCase()}s`,
  content: { "application/json": { schema: { type: "object", required: ["items", ...Object.keys(extra)], properties: { items: { type: "array", items: ref(name) }, ...extra } } } },
});
const githubConnection = z.object({ owner: z.string().nullable(), repo: z.string().nullable(), apiUrl: z.string().nullable(), tokenSet: z.boolean(), openDraftPullRequest: z.boolean() });
const idParameter = { name: "id", in: "path", required: true, schema: { type: "string" } };
const eventStream = (description: string) => ({
  summary: description,
  parameters: [idParameter, { name: "Last-Event-ID", in: "header", required: false, schema: { type: "string" } }],
  responses: { "200": { description: "text/event-stream", content: { "text/event-stream": { schema: { type: "string" } } } }, ...errors },
});
const plainText = (description: string) => ({
  summary: description,
  parameters: [idParameter],
  responses: { "200": { description: "text/plain", content: { "text/plain": { schema: { type: "string" } } } }, ...errors },
});

function queryParameters(schema: z.ZodObject) {
  return Object.entries(schema.shape).map(([name, field]) => ({
    name,
    in: "query",
    required: false,
    schema: z.toJSONSchema(field as z.ZodType, { io: "input", unrepresentable: "any" }),
  }));
}

/** "get /api/v1/tasks/{id}/runs" → "getTasksByIdRuns" ({deliveryId}: "ByDeliveryId"): stable names for clients generated from the document. */
function operationId(method: string, template: string): string {
  const words = template
    .replace(/^\/api(\/v1)?\//, "")
    .split(/[/.-]/)
    .map((segment) => {
      const capitalized = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
      const parameter = /^\{(\w+)\}$/.exec(segment)?.[1];
      return parameter ? `By${capitalized(parameter)}` : capitalized(segment);
    });
  return method + words.join("");
}

function withOperationIds(paths: Record<string, Record<string, Record<string, unknown>>>) {
  return Object.fromEntries(
    Object.entries(paths).map(([template, operations]) => [
      template,
      Object.fromEntries(Object.entries(operations).map(([method, operation]) => [method, { operationId: operationId(method, template), ...operation }])),
    ]),
  );
}

/** The OpenAPI 3.1 document of /api/v1, generated from the same zod schemas the services validate with. */
export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: "3.1.0",
    info: { title: "Code Orchestrator API", version: "1" },
    servers: [{ url: "/" }],
    security: [{ bearerAuth: [] }],
    paths: withOperationIds({
      "/api/health": {
        get: { security: [], summary: "Liveness and database kind", responses: { "200": ok("{ok, db}", z.object({ ok: z.boolean(), db: z.enum(["pglite", "postgres"]) })) } },
      },
      "/api/v1/repositories": {
        get: { summary: "List repositories", responses: { "200": listOf("Repository"), ...errors } },
        post: {
          summary: "Register a repository (maintainer)",
          requestBody: jsonBody("RepositoryInput"),
          responses: { "201": returns("Repository"), ...errors },
        },
      },
      "/api/v1/repositories/{id}": {
        get: { summary: "One repository", parameters: [idParameter], responses: { "200": returns("Repository"), ...errors } },
        patch: { summary: "Change the repository's configuration (maintainer): the fields given replace theirs (checks as a whole list), the others keep their values", parameters: [idParameter], requestBody: jsonBody("RepositoryInput"), responses: { "200": returns("Repository"), ...errors } },
      },
      "/api/v1/tasks": {
        get: {
          summary: "List tasks, newest first, 20 a page",
          parameters: queryParameters(taskListQuerySchema),
          responses: { "200": listOf("TaskListItem", { total: { type: "integer" }, page: { type: "integer" }, pageSize: { type: "integer" } }), ...errors },
        },
        post: {
          summary: "Create a task from a spec (operator): JSON fields, JSON with `markdown`, or a text/markdown body in the spec template",
          description:
            "A text/markdown body takes its options from the query: `repositoryId` (required), `agent` (an agent kind; default claude-code), `timeoutSeconds`, `autoFixAttempts`. A task made from Markdown is answered with `unmapped`: the lines nothing was taken from, and why. A refusal's field messages start with the Markdown line.",
          parameters: ["repositoryId", "agent", "timeoutSeconds", "autoFixAttempts"].map((name) => ({ name, in: "query", required: false, schema: { type: "string" }, description: "With a text/markdown body only" })),
          requestBody: {
            required: true,
            content: {
              "application/json": { schema: { oneOf: [ref("TaskSpec"), ref("MarkdownTask")] } },
              "text/markdown": { schema: { type: "string" } },
            },
          },
          responses: { "201": ok("The task; from Markdown, with `unmapped`", taskSchema.extend({ unmapped: z.array(z.object({ line: z.number().int(), text: z.string(), reason: z.string() })).optional() })), ...errors },
        },
      },
      "/api/v1/tasks/{id}": {
        get: { summary: "One task", parameters: [idParameter], responses: { "200": returns("Task"), ...errors } },
      },
      "/api/v1/tasks/{id}/spec.md": {
        get: {
          summary: "The task's spec in the Markdown template, as POST /api/v1/tasks reads it back",
          parameters: [idParameter],
          responses: { "200": { description: "text/markdown", content: { "text/markdown": { schema: { type: "string" } } } }, ...errors },
        },
      },
      "/api/v1/tasks/{id}/runs": {
        get: { summary: "The task's runs, newest first", parameters: [idParameter], responses: { "200": listOf("Run"), ...errors } },
        post: { summary: "Spawn a run of the task's agent (operator); answers at once", parameters: [idParameter], responses: { "202": ok("{runId, status: \"queued\", run}", z.object({ runId: z.string(), status: runSchema.shape.status, run: runSchema })), ...errors } },
      },
      "/api/v1/usage": {
        get: {
          summary: "What the runs that ended in a range used (tokens, cost), grouped by day, repository, user or agent",
          parameters: queryParameters(usageQueryFields),
          responses: { "200": ok("{groupBy, from, to, groups, total}", usageReportSchema), ...errors },
        },
      },
      "/api/v1/usage.csv": {
        get: {
          summary: "The same report as CSV (key, label, runs, inputTokens, outputTokens, costUsd, unknownCostRuns; then the total), as a download",
          parameters: queryParameters(usageQueryFields),
          responses: { "200": { description: "text/csv", content: { "text/csv": { schema: { type: "string" } } } }, ...errors },
        },
      },
      "/api/v1/runs/{id}": {
        get: { summary: "One run", parameters: [idParameter], responses: { "200": returns("Run"), ...errors } },
      },
      "/api/v1/runs/{id}/cancel": {
        post: { summary: "Cancel a queued or active run (operator)", parameters: [idParameter], responses: { "202": ok("{id, status}: the run's status after the cancel", z.object({ id: z.string(), status: runSchema.shape.status })), ...errors } },
      },
      "/api/v1/runs/{id}/events": { get: eventStream("The run's log as Server-Sent Events (log, status, end); resumes after Last-Event-ID") },
      "/api/v1/runs/{id}/log.txt": { get: plainText("The run's whole log") },
      "/api/v1/tasks/{id}/checks": {
        get: { summary: "The checks of the task's current head (latest attempt of each)", parameters: [idParameter], responses: { "200": { description: "The checks", content: { "application/json": { schema: { type: "array", items: ref("Check") } } } }, ...errors } },
      },
      "/api/v1/tasks/{id}/checks/overview": {
        get: { summary: "Current head's checks, acceptance criteria against them, earlier heads' (stale) checks", parameters: [idParameter], responses: { "200": returns("ChecksOverview", "{headSha, checks, criteria, stale}"), ...errors } },
      },
      "/api/v1/tasks/{id}/checks/events": { get: eventStream("The checks overview as a `checks` event, again on every change") },
      "/api/v1/tasks/{id}/events": { get: eventStream("The task page's one live feed: a `task` event ({status, headSha, runs, checks, reviewRequests, reviews, merge}) at once and on every change") },
      "/api/v1/tasks/{id}/checks/rerun": {
        post: { summary: "Re-run one local check, or all, on the current head (operator)", parameters: [idParameter], requestBody: { ...jsonBody("CheckRerun"), required: false }, responses: { "202": listOf("Check"), ...errors } },
      },
      "/api/v1/check-runs/{id}": {
        get: { summary: "One check run, with its JUnit summary", parameters: [idParameter], responses: { "200": returns("Check", "The check run"), ...errors } },
      },
      "/api/v1/check-runs/{id}/events": { get: eventStream("The check's log as Server-Sent Events (log, status, end); resumes after Last-Event-ID") },
      "/api/v1/check-runs/{id}/log.txt": { get: plainText("The check's whole log") },
      "/api/v1/tasks/{id}/diff": {
        get: {
          summary: "The branch's diff against its merge base: the unified patch (text/x-diff); ?format=json the file list with stats; ?path= (repeated) only those files; ?run=<id> one run's changes; ?since=<sha> the changes since an earlier head of the task",
          parameters: [idParameter, ...["format", "path", "run", "since"].map((name) => ({ name, in: "query", required: false, schema: { type: "string" } }))],
          responses: { "200": { description: "text/x-diff, or JSON {base, head, files, totals}", content: { "text/x-diff": { schema: { type: "string" } }, "application/json": { schema: ref("DiffFiles") } } }, ...errors },
        },
      },
      "/api/v1/tasks/{id}/comments": {
        get: { summary: "Line comments, placed on the current head (currentLine) or outdated", parameters: [idParameter], responses: { "200": listOf("Comment"), ...errors } },
        post: { summary: "Comment on a line, or lines startLine..line, of the current head's diff (operator), optionally with a `suggestion` the next feedback run receives verbatim", parameters: [idParameter], requestBody: jsonBody("Comment"), responses: { "201": returns("Comment"), ...errors } },
      },
      "/api/v1/comments/{id}/replies": {
        post: { summary: "Reply in a comment's thread (operator): `{body}`", parameters: [idParameter], requestBody: jsonBody("Reply"), responses: { "201": returns("Comment", "The reply, placed where its thread stands"), ...errors } },
      },
      "/api/v1/comments/{id}": {
        patch: { summary: "Resolve or reopen a comment (operator): `{resolved}`; resolved comments are not sent to the agent", parameters: [idParameter], responses: { "200": returns("Comment"), ...errors } },
      },
      "/api/v1/tasks/{id}/reviews": {
        get: { summary: "Reviews, newest first, stale when made on an earlier head", parameters: [idParameter], responses: { "200": listOf("Review"), ...errors } },
        post: { summary: "Approve or request changes on the current head (maintainer); request_changes queues the next run by default", parameters: [idParameter], requestBody: jsonBody("ReviewInput"), responses: { "201": { description: "{review, run}: the run queued for the feedback, or null", content: { "application/json": { schema: { type: "object", required: ["review", "run"], properties: { review: ref("Review"), run: { oneOf: [ref("Run"), { type: "null" }] } } } } } }, ...errors } },
      },
      "/api/v1/tasks/{id}/review-requests": {
        get: { summary: "Who was asked to review, by whom, and each one's latest review (which head, what decision)", parameters: [idParameter], responses: { "200": listOf("ReviewRequest"), ...errors } },
        post: { summary: "Ask maintainers to review (operator): `{userIds}`; each must be able to approve the task; they are notified once", parameters: [idParameter], requestBody: jsonBody("ReviewRequest"), responses: { "201": ok("{requested, alreadyRequested, items}", z.object({ requested: z.array(z.string()), alreadyRequested: z.array(z.string()), items: z.array(reviewRequestSchema) })), ...errors } },
      },
      "/api/v1/notifications": {
        get: { summary: "Your latest notifications and the unread count", responses: { "200": returns("NotificationList", "{unread, items}"), ...errors } },
      },
      "/api/v1/notifications/read": {
        post: { summary: "Mark your notifications read: `{ids}` or all of them with `{}`", requestBody: jsonBody("MarkNotificationsRead"), responses: { "200": ok("{marked}", z.object({ marked: z.number().int() })), ...errors } },
      },
      "/api/v1/notifications/events": {
        get: { summary: "Server-Sent Events: a `notifications` event ({unread, items}) at once and whenever they change", responses: { "200": { description: "text/event-stream" }, ...errors } },
      },
      "/api/v1/tasks/{id}/close": {
        post: { summary: "Close the task without merging (operator): `{reason}`; its queued runs are cancelled, an active one stopped, its branch name freed", parameters: [idParameter], requestBody: jsonBody("CloseTask"), responses: { "200": returns("Task"), ...errors } },
      },
      "/api/v1/tasks/{id}/reopen": {
        post: { summary: "Reopen a closed task (operator); 409 when an open task took its branch name", parameters: [idParameter], responses: { "200": returns("Task"), ...errors } },
      },
      "/api/v1/tasks/{id}/merge": {
        get: { summary: "Every merge condition for the current head with its state, or the merge", parameters: [idParameter], responses: { "200": returns("MergeStatus", "{headSha, mergeable, conditions, merge}"), ...errors } },
        post: { summary: "The guarded merge (maintainer): 409 head moved / already merged, 422 with the unmet conditions", parameters: [idParameter], requestBody: jsonBody("Merge"), responses: { "201": ok("{merge, note}: note says what became of the branch", z.object({ merge: mergeRecordSchema, note: z.string().nullable() })), ...errors } },
      },
      "/api/v1/repositories/{id}/github": {
        put: { summary: "Connect the repository to GitHub (admin); the token is write-only", parameters: [idParameter], requestBody: jsonBody("GithubConnection"), responses: { "200": ok("The connection, without the token", githubConnection), ...errors } },
        delete: { summary: "Disconnect it (admin)", parameters: [idParameter], responses: { "200": ok("The connection", githubConnection), ...errors } },
      },
      "/api/github/webhook": {
        post: { security: [], summary: "GitHub webhook deliveries (check_run, check_suite, status, ping), signed with GITHUB_WEBHOOK_SECRET", responses: { "200": ok("{ok, duplicate, tasks}", z.object({ ok: z.boolean(), duplicate: z.boolean().optional(), tasks: z.number().int().optional() }).passthrough()), "401": { description: "Bad or missing signature" } } },
      },
      "/api/v1/users": {
        post: { summary: "Create a user (admin)", requestBody: jsonBody("NewUser"), responses: { "201": returns("User"), ...errors } },
      },
      "/api/v1/users/{id}": {
        patch: { summary: "Change a user's role or disable/enable them (admin; never yourself)", parameters: [idParameter], requestBody: jsonBody("UserChange"), responses: { "200": returns("User"), ...errors } },
      },
      "/api/v1/settings": {
        patch: { summary: "Change installation settings (admin): concurrency, require sandbox, output and disk limits", requestBody: jsonBody("SettingsChange"), responses: { "200": returns("Settings", "All settings"), ...errors } },
      },
      "/api/v1/repositories/{id}/agent-env": {
        put: { summary: "Replace the variables handed to this repository's agents (admin); the answer names them, never their values", parameters: [idParameter], requestBody: jsonBody("AgentEnv"), responses: { "200": ok("{names}", z.object({ names: z.array(z.string()) })), ...errors } },
      },
      "/api/v1/repositories/{id}/agent-config": {
        put: {
          summary: "Replace the configuration files written into the HOME of this repository's agents, by agent kind (admin)",
          description: "claude-code: .claude/settings.json; codex: .codex/config.toml; gemini: .gemini/settings.json; opencode: .config/opencode/opencode.json. API keys belong in agent-env.",
          parameters: [idParameter],
          requestBody: jsonBody("AgentConfig"),
          responses: { "200": ok("The configuration as stored", agentConfigSchema), ...errors },
        },
      },
      "/api/v1/tokens": {
        get: { summary: "Your API tokens (never their secrets)", responses: { "200": listOf("Token"), ...errors } },
        post: { summary: "Create an API token of your own: the plain token is in this answer only", requestBody: jsonBody("NewToken"), responses: { "201": ok("The token with `token`, shown in this answer only", tokenSchema.extend({ token: z.string() })), ...errors } },
      },
      "/api/v1/tokens/{id}": {
        delete: { summary: "Revoke one of your API tokens", parameters: [idParameter], responses: { "200": ok("{id, revoked}", z.object({ id: z.string(), revoked: z.literal(true) })), ...errors } },
      },
      "/api/v1/webhooks": {
        get: { summary: "Outgoing webhook subscriptions (maintainer)", responses: { "200": listOf("Webhook"), ...errors } },
        post: {
          summary: "Subscribe a URL to events: a repository's (maintainer) or the installation's (admin). Payloads follow Standard Webhooks; format openclaw posts to an OpenClaw gateway's /hooks/agent",
          requestBody: jsonBody("NewWebhook"),
          responses: { "201": ok("The subscription with `secret` (whsec_…), shown in this answer only", webhookSchema.extend({ secret: z.string() })), ...errors },
        },
      },
      "/api/v1/webhooks/{id}": {
        delete: { summary: "Remove a subscription and its delivery log", parameters: [idParameter], responses: { "200": ok("{id, deleted}", z.object({ id: z.string(), deleted: z.literal(true) })), ...errors } },
      },
      "/api/v1/webhooks/{id}/deliveries": {
        get: {
          summary: "The subscription's delivery log, newest first, with every attempt's status, time and answer",
          parameters: [idParameter, { name: "before", in: "query", required: false, schema: { type: "string" }, description: "nextBefore of the previous page" }],
          responses: { "200": listOf("WebhookDelivery", { nextBefore: { type: ["string", "null"] } }), ...errors },
        },
      },
      "/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver": {
        post: {
          summary: "Send a delivery again now, with the same webhook-id and body",
          parameters: [idParameter, { name: "deliveryId", in: "path", required: true, schema: { type: "string" } }],
          responses: { "202": returns("WebhookDelivery", "The delivery, pending"), ...errors },
        },
      },
      "/api/v1/demo": {
        post: { summary: "Try a demo (maintainer): the sample repository and task, its first run queued", responses: { "201": returns("Task"), ...errors } },
      },
    }),
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer" } },
      schemas: {
        ...Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, z.toJSONSchema(schema, { io: "input", unrepresentable: "any" })])),
        ...Object.fromEntries(Object.entries(responseSchemas).map(([name, schema]) => [name, z.toJSONSchema(schema, { io: "output", unrepresentable: "any" })])),
      },
    },
  };
}
