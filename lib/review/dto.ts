import { z } from "zod";
import type { Review, ReviewComment } from "../generated/prisma/client.ts";

export const reviewSchema = z.object({
  id: z.string(),
  author: z.string().describe("The reviewer's email"),
  viaToken: z.string().nullable().describe("The name of the API token it was made through; null from the browser"),
  decision: z.enum(["approve", "request_changes"]),
  body: z.string(),
  headSha: z.string(),
  stale: z.boolean().describe("Made on an earlier head: it no longer counts"),
  createdAt: z.string(),
});

export type ReviewDto = z.infer<typeof reviewSchema>;

export function reviewDto(review: Review & { author: { email: string } }, currentHead: string | null): ReviewDto {
  return {
    id: review.id,
    author: review.author.email,
    viaToken: review.viaToken,
    decision: review.decision,
    body: review.body,
    headSha: review.headSha,
    stale: review.headSha !== currentHead,
    createdAt: review.createdAt.toISOString(),
  };
}

/** A review comment where it stands on the current head: its line there, or outdated when that line changed. */
export const commentSchema = z.object({
  id: z.string(),
  taskId: z.string(),
  author: z.string().describe("The commenter's email"),
  viaToken: z.string().nullable().describe("The name of the API token it was made through; null from the browser"),
  path: z.string(),
  side: z.enum(["old", "new"]),
  line: z.number().int(),
  startLine: z.number().int().nullable().describe("The first line of a range ending at `line`; null for one line"),
  currentLine: z.number().int().nullable().describe("The line on the current head; null when outdated"),
  currentStartLine: z.number().int().nullable().describe("Where the range starts on the current head"),
  parentId: z.string().nullable().describe("The thread's first comment, for a reply"),
  suggestion: z.string().nullable(),
  outdated: z.boolean(),
  headSha: z.string(),
  body: z.string(),
  resolved: z.boolean(),
  createdAt: z.string(),
});

export type PlacedComment = z.infer<typeof commentSchema>;

/** The comment placed at `currentLine` of the current head (null: outdated there). */
export function commentDto(comment: ReviewComment & { author: { email: string } }, currentLine: number | null): PlacedComment {
  return {
    id: comment.id,
    taskId: comment.taskId,
    author: comment.author.email,
    viaToken: comment.viaToken,
    path: comment.path,
    side: comment.side,
    line: comment.line,
    startLine: comment.startLine,
    currentLine,
    currentStartLine: currentLine !== null && comment.startLine !== null ? currentLine - (comment.line - comment.startLine) : null,
    parentId: comment.parentId,
    suggestion: comment.suggestion,
    outdated: currentLine === null,
    headSha: comment.headSha,
    body: comment.body,
    resolved: comment.resolved,
    createdAt: comment.createdAt.toISOString(),
  };
}

export const reviewRequestSchema = z.object({
  reviewer: z.object({ id: z.string(), email: z.string(), name: z.string().nullable() }),
  requestedBy: z.string().describe("Who asked, by email"),
  requestedAt: z.string(),
  latestReview: z
    .object({ decision: z.enum(["approve", "request_changes"]), headSha: z.string(), onCurrentHead: z.boolean(), at: z.string() })
    .nullable()
    .describe("The reviewer's latest review of the task: which head, what decision, and whether that head is still the task's"),
});

export type ReviewRequestDto = z.infer<typeof reviewRequestSchema>;

export const diffFileSchema = z.object({
  path: z.string(),
  oldPath: z.string().optional().describe("The path before a rename or copy"),
  status: z.enum(["added", "deleted", "modified", "renamed", "copied", "type_changed"]),
  oldMode: z.string().nullable(),
  newMode: z.string().nullable(),
  blob: z.string().describe("The file's blob on the new side (the old side's for a deletion), abbreviated"),
  additions: z.number().int(),
  deletions: z.number().int(),
  binary: z.boolean(),
});

export const diffFilesSchema = z.object({
  base: z.string().describe("The merge base (or the earlier head, with since)"),
  head: z.string(),
  files: z.array(diffFileSchema).describe("In git's order"),
  totals: z.object({ files: z.number().int(), additions: z.number().int(), deletions: z.number().int() }),
});

export type DiffFilesDto = z.infer<typeof diffFilesSchema>;
