import { z } from "zod";
import { agentSchema } from "../agents/agent-schema.ts";
import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { AppError, fieldError, invalidFields } from "../errors.ts";
import { parseInput, text } from "../validation.ts";
import { checkForCriterion } from "./criterion-check.ts";
import { createTask } from "./create-task.ts";
import { parseSpecMarkdown } from "./spec-markdown.ts";
import { taskSpecSchema } from "./spec-schema.ts";

export const MAX_SPEC_MARKDOWN_CHARS = 200_000;

export const markdownTaskInputSchema = z.object({
  repositoryId: text(64, "Repository"),
  markdown: z
    .string({ error: "Markdown is required" })
    .min(1, "Markdown is required")
    .max(MAX_SPEC_MARKDOWN_CHARS, `Markdown must be at most ${MAX_SPEC_MARKDOWN_CHARS.toLocaleString("en")} characters`),
  // The template has no agent: an orchestrator's coding sub-agent is Claude Code unless it says otherwise.
  agent: agentSchema.default({ kind: "claude-code", permissionMode: "acceptEdits" }),
  timeoutSeconds: taskSpecSchema.shape.timeoutSeconds,
  autoFixAttempts: taskSpecSchema.shape.autoFixAttempts,
});

export type MarkdownTaskInput = z.input<typeof markdownTaskInputSchema>;

/** The input of a `text/markdown` request: the body, and the options from its query string. */
export function markdownTaskInput(markdown: string, query: URLSearchParams): Record<string, unknown> {
  const number = (name: string) => (query.has(name) ? Number(query.get(name)) : undefined);
  return {
    markdown,
    repositoryId: query.get("repositoryId") ?? undefined,
    agent: query.has("agent") ? { kind: query.get("agent") } : undefined,
    timeoutSeconds: number("timeoutSeconds"),
    autoFixAttempts: number("autoFixAttempts"),
  };
}

/**
 * Creates a task from a spec written in the Markdown template. Criteria that name no check are linked
 * to the repository's check they speak of; a refusal names the Markdown line of each failing field.
 */
export async function createTaskFromMarkdown(actor: Actor | null, input: unknown) {
  requirePermission(actor, "task.create");
  const { markdown, ...options } = parseInput(markdownTaskInputSchema, input);
  const { spec, lines, unmapped } = parseSpecMarkdown(markdown);
  const repository = await prisma.repository.findUnique({
    where: { id: options.repositoryId },
    select: { checks: { select: { name: true, command: true }, orderBy: { position: "asc" } } },
  });
  if (!repository) throw fieldError("repositoryId", "No such repository.", "not_found");
  const acceptanceCriteria = spec.acceptanceCriteria?.map((criterion) => {
    if (criterion.check) return criterion;
    const check = checkForCriterion(criterion.text, repository.checks);
    return check ? { ...criterion, check } : criterion;
  });
  try {
    const task = await createTask(actor, { ...spec, ...options, acceptanceCriteria });
    return { task, unmapped };
  } catch (error) {
    throw withLines(error, lines);
  }
}

/** Puts the Markdown line in front of each field's message, so the writer knows where to look. */
function withLines(error: unknown, lines: Record<string, number>): unknown {
  if (!(error instanceof AppError) || error.code !== "validation_failed" || !error.fields) return error;
  const located = Object.fromEntries(
    Object.entries(error.fields).map(([field, message]) => {
      const path = field.split(".");
      const line = lines[field] ?? lines[path.slice(0, 2).join(".")] ?? lines[path[0]!];
      return [field, line ? `Line ${line}: ${message}` : message];
    }),
  );
  return invalidFields(located);
}
