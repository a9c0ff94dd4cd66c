import type { ReviewComment } from "../generated/prisma/client.ts";
import { fileLines } from "./file-lines.ts";
import type { DiffRange } from "./diff/diff-range.ts";

const CONTEXT_LINES = 3;

/**
 * The section a feedback run's prompt adds to the spec: the review's summary and each open thread
 * with its code (the lines commented on marked with ">"), its replies, and any suggested replacement
 * verbatim.
 */
export async function feedbackPrompt(review: { body: string; headSha: string; reviewer: string }, comments: ReviewComment[], range: DiffRange): Promise<string> {
  const sections = [
    `## Review feedback: changes requested by ${review.reviewer} on ${review.headSha.slice(0, 12)}`,
    review.body,
  ];
  const threads = comments.filter((comment) => comment.parentId === null);
  if (threads.length > 0) sections.push(`### Comments on the diff (${threads.length})`);
  for (const comment of threads) {
    const first = comment.startLine ?? comment.line;
    const lines = await fileLines(range.mirrorPath, comment.side === "new" ? comment.headSha : range.base, comment.path);
    const from = Math.max(1, first - CONTEXT_LINES);
    const to = Math.min(lines?.length ?? 0, comment.line + CONTEXT_LINES);
    const code = lines
      ? lines.slice(from - 1, to).map((text, index) => `${from + index >= first && from + index <= comment.line ? ">" : " "} ${String(from + index).padStart(5)} | ${text}`)
      : [];
    const where = first === comment.line ? `line ${comment.line}` : `lines ${first}–${comment.line}`;
    const replies = comments.filter((reply) => reply.parentId === comment.id).map((reply) => `Reply: ${reply.body}`);
    sections.push(
      [
        `${comment.path}, ${where}${comment.side === "old" ? " (before the change)" : ""}:`,
        comment.body,
        ...replies,
        ...(code.length > 0 ? ["```", ...code, "```"] : []),
        ...(comment.suggestion !== null ? [`Suggested replacement for ${where} (use it verbatim):`, "```suggestion", comment.suggestion, "```"] : []),
      ].join("\n"),
    );
  }
  return sections.join("\n\n");
}
