import { z } from "zod";
import { text } from "../validation.ts";

export const headShaSchema = z.string({ error: "headSha is required" }).regex(/^[0-9a-f]{40}$/, "headSha must be a full commit SHA");

export const commentInputSchema = z
  .object({
    path: text(1000, "Path"),
    line: z.number({ error: "Line must be a number" }).int("Line must be a whole number").min(1, "Line must be at least 1"),
    side: z.enum(["old", "new"], { error: 'Side must be "old" or "new"' }),
    headSha: headShaSchema,
    body: text(10_000, "Comment"),
  })
  .strict();
