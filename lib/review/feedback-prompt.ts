import type { ReviewComment } from "../generated/prisma/client.ts";
import { fileLines } from "./file-lines.ts";
import type { DiffRange } from "./diff/diff-range.ts";

const CONTEXT_LINES = 3;

/** The section a feedback run's prompt adds to the spec: the review's summary and each open comment with its code. */
export async function feedbackPrompt(review: { body: string; headSha: string; reviewer: string }, comments: ReviewComment[], range: DiffRange): Promise<string> {
  const sections = [
    `## Review feedback: changes requested by ${review.reviewer} on ${review.headSha.slice(0, 12)}`,
    review.body,
  ];
  if (comments.length > 0) sections.push(`### Comments on the diff (${comments.length})`);
  for (const comment of comments) {
    const lines = await fileLines(range.mirrorPath, comment.side === "new" ? comment.headSha : range.base, comment.path);
    const from = Math.max(1, comment.line - CONTEXT_LINES);
    const to = Math.min(lines?.length ?? 0, comment.line + CONTEXT_LINES);
    const code = lines
      ? lines.slice(from - 1, to).map((text, index) => `${from + index === comment.line ? ">" : " "} ${String(from + index).padStart(5)} | ${text}`)
      : [];
    sections.push(
      [
        `${comment.path}, line ${comment.line}${comment.side === "old" ? " (before the change)" : ""}:`,
        comment.body,
        ...(code.length > 0 ? ["```", ...code, "```"] : []),
      ].join("\n"),
    );
  }
  return sections.join("\n\n");
}
