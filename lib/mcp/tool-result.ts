import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { AppError } from "../errors.ts";
import { asAppError } from "../http/as-app-error.ts";
import type { Logger } from "../logger.ts";
import type { MergeCondition } from "../merge/conditions/types.ts";
import { MergeRefused } from "../pipeline/merge-task.ts";

/** A tool's answer: a short summary an LLM reads well, and the data itself as structured content. */
export function answer(summary: string, data: Record<string, unknown>): CallToolResult {
  return { content: [{ type: "text", text: summary }], structuredContent: data };
}

// What a caller does next after each kind of refusal.
const NEXT_STEP: Partial<Record<AppError["code"], string>> = {
  unauthorized: "Send a valid API token as Authorization: Bearer <token>.",
  not_found: "Check the id: list_tasks and list_repositories give the ids.",
  unavailable: "The server is busy: call again in a few seconds.",
  validation_failed: "Fix the arguments named above and call again.",
};

/** A refusal as a tool error whose text says what to do next; never a stack trace. */
export function toolError(error: unknown, log: Logger): CallToolResult {
  const refusal = asAppError(error, log);
  const lines = [refusal.message];
  if (refusal.fields) for (const [field, message] of Object.entries(refusal.fields)) lines.push(`- ${field}: ${message}`);
  if (refusal instanceof MergeRefused) lines.push(...mergeNextSteps(refusal.conditions));
  else if (NEXT_STEP[refusal.code]) lines.push(NEXT_STEP[refusal.code]!);
  return { isError: true, content: [{ type: "text", text: lines.join("\n") }] };
}

function mergeNextSteps(conditions: MergeCondition[]): string[] {
  const open = conditions.filter((condition) => condition.state !== "met");
  const steps = open.map((condition) => `- ${condition.label}: ${condition.state}${condition.detail ? ` (${condition.detail})` : ""}`);
  if (open.some((condition) => condition.refusal === "head_moved")) steps.push("The head moved: call get_task for the current head, review it, then merge with that headSha.");
  else if (open.some((condition) => condition.state === "pending")) steps.push("Checks still running: call wait_for_task, then merge again.");
  else if (open.some((condition) => condition.key === "approvals")) steps.push("An approval is missing: ask a person who may approve to review the task.");
  return steps;
}
