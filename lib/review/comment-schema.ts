import { z } from "zod";
import { text } from "../validation.ts";

export const headShaSchema = z.string({ error: "headSha is required" }).regex(/^[0-9a-f]{40}$/, "headSha must be a full commit SHA");

const lineNumber = (label: string) => z.number({ error: `${label} must be a number` }).int(`${label} must be a whole number`).min(1, `${label} must be at least 1`);

export const commentInputSchema = z
  .object({
    path: text(1000, "Path"),
    line: lineNumber("Line"),
    /** The first line of a range that ends at `line`. */
    startLine: lineNumber("Start line").optional(),
    side: z.enum(["old", "new"], { error: 'Side must be "old" or "new"' }),
    headSha: headShaSchema,
    body: text(10_000, "Comment"),
    /** Replacement text for the lines commented on (new side only), handed to the next feedback run verbatim. */
    suggestion: z.string({ error: "Suggestion must be text" }).max(50_000, "Suggestion must be at most 50,000 characters").optional(),
  })
  .strict()
  .refine((comment) => comment.startLine === undefined || comment.startLine <= comment.line, { message: "The range must start at or before its last line", path: ["startLine"] })
  .refine((comment) => comment.suggestion === undefined || comment.side === "new", { message: "Suggest changes on the new side (the head)", path: ["suggestion"] });

export const replyInputSchema = z.object({ body: text(10_000, "Reply") }).strict();
