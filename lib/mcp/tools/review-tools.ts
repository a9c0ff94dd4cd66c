import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { checkEventsTail, currentChecks } from "../../checks/queries.ts";
import { mergeTask } from "../../pipeline/merge-task.ts";
import { submitReview } from "../../pipeline/submit-review.ts";
import { createComment } from "../../review/create-comment.ts";
import { diffPatchStream } from "../../review/diff/diff-patch.ts";
import { taskDiffFiles, taskDiffRange } from "../../review/diff/task-diff.ts";
import { runDto } from "../../runs/dto.ts";
import { defineTool, type ToolContext } from "../define-tool.ts";
import { answer } from "../tool-result.ts";

const taskId = z.string().describe("The task's id");
const headSha = z.string().describe("The head you reviewed (get_task's headSha): refused if the branch moved since");
const MAX_PATHS = 20;
const MAX_PATCH_CHARS = 200_000;
const LOG_TAIL_LINES = 30;

export function registerReviewTools(server: McpServer, context: ToolContext): void {
  const { actor } = context;

  defineTool(
    server,
    context,
    "get_diff",
    {
      description: `The task branch's changes against its base. Without \`paths\`: the changed files with line counts. With \`paths\` (at most ${MAX_PATHS}): those files' unified patch. \`since\`: only the changes after an earlier head.`,
      input: { taskId, paths: z.array(z.string()).max(MAX_PATHS).optional(), since: z.string().optional() },
      readOnly: true,
    },
    async (args) => {
      const scope = { since: args.since };
      if (!args.paths || args.paths.length === 0) {
        const diff = await taskDiffFiles(actor, args.taskId, scope);
        const lines = diff.files.map((file) => `${file.status} ${file.path} +${file.additions} -${file.deletions}`);
        return answer(
          [`${diff.totals.files} file(s), +${diff.totals.additions} -${diff.totals.deletions}, ${diff.base.slice(0, 12)}..${diff.head.slice(0, 12)}. Ask for patches with paths.`, ...lines].join("\n"),
          diff,
        );
      }
      const range = await taskDiffRange(actor, args.taskId, scope);
      const { text, truncated } = await readCapped(diffPatchStream(range, { paths: args.paths }), MAX_PATCH_CHARS);
      const note = truncated ? `\n[truncated at ${MAX_PATCH_CHARS.toLocaleString("en")} characters: ask for fewer paths]` : "";
      return answer(`${text}${note}`, { base: range.base, head: range.head, paths: args.paths, patch: text, truncated });
    },
  );

  defineTool(
    server,
    context,
    "list_checks",
    { description: "The current head's checks: state, failing tests from JUnit, and the log's last lines of each failed one.", input: { taskId }, readOnly: true },
    async (args) => {
      const checks = await currentChecks(actor, args.taskId);
      const items = await Promise.all(
        checks.map(async (check) => {
          const failed = check.conclusion !== null && !["success", "skipped", "neutral"].includes(check.conclusion);
          const logTail = failed && check.source === "local" ? (await checkEventsTail(check.id, LOG_TAIL_LINES)).map((line) => line.text) : [];
          return { ...check, logTail };
        }),
      );
      const text = items.map((check) => {
        const failures = check.junit?.failures.map((failure) => `  ✗ ${failure.name}: ${failure.message.split("\n")[0]}`) ?? [];
        const tail = check.logTail.length > 0 ? ["  log tail:", ...check.logTail.map((line) => `    ${line}`)] : [];
        return [`${check.name}: ${check.conclusion ?? check.status}${check.required ? "" : " (optional)"}`, ...failures, ...tail].join("\n");
      });
      return answer(text.join("\n") || "No checks on the current head yet.", { items });
    },
  );

  defineTool(
    server,
    context,
    "comment",
    {
      description: "Comments on a line (or a range ending at `line`) of the head's diff; `side` new for the head's text, old for the base's.",
      input: {
        taskId,
        headSha,
        path: z.string(),
        line: z.number().int(),
        startLine: z.number().int().optional(),
        side: z.enum(["old", "new"]).default("new"),
        body: z.string(),
        suggestion: z.string().optional().describe("Replacement text for the lines, handed to the next run verbatim"),
      },
    },
    async ({ taskId: id, ...comment }) => {
      const created = await createComment(actor, id, comment);
      return answer(`Commented on ${comment.path}:${comment.line}.`, { comment: created });
    },
  );

  defineTool(
    server,
    context,
    "request_changes",
    { description: "Requests changes on the head with a summary; by default queues the agent's next run with the feedback and open comments.", input: { taskId, headSha, body: z.string(), spawnRun: z.boolean().default(true) } },
    async ({ taskId: id, ...review }) => {
      const { run } = await submitReview(actor, id, { decision: "request_changes", ...review });
      return answer(run ? `Changes requested; run #${run.number} (${run.id}) is queued. Call wait_for_task.` : "Changes requested.", { run: run ? runDto(run) : null });
    },
  );

  defineTool(
    server,
    context,
    "approve",
    { description: "Approves the head. Needs a token with the reviews:approve scope whose user may approve; never the task's author.", input: { taskId, headSha, body: z.string().default("") } },
    async ({ taskId: id, ...review }) => {
      const { review: created } = await submitReview(actor, id, { decision: "approve", ...review });
      return answer(`Approved ${review.headSha.slice(0, 12)}.`, { review: created });
    },
  );

  defineTool(
    server,
    context,
    "merge",
    {
      description: "The guarded merge of the head: only with required checks green on it, an eligible approval of it, and no conflict. Refused with what is missing.",
      input: { taskId, headSha, method: z.enum(["merge", "squash", "rebase"]).default("merge") },
    },
    async ({ taskId: id, ...merge }) => {
      const { merge: record, branchNote } = await mergeTask(actor, id, merge);
      return answer(`Merged as ${record.mergeSha.slice(0, 12)} into the base.${branchNote ? ` ${branchNote}` : ""}`, { merge: record, note: branchNote });
    },
  );
}

/** A stream's text up to `limit` characters; the rest is not read. */
async function readCapped(stream: ReadableStream<Uint8Array>, limit: number): Promise<{ text: string; truncated: boolean }> {
  const decoder = new TextDecoder();
  const reader = stream.getReader();
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { text: text + decoder.decode(), truncated: false };
    text += decoder.decode(value, { stream: true });
    if (text.length > limit) {
      await reader.cancel();
      return { text: text.slice(0, limit), truncated: true };
    }
  }
}
