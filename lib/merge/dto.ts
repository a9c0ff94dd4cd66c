import { z } from "zod";
import { MergeMethod } from "../generated/prisma/enums.ts";

export const mergeConditionSchema = z.object({
  key: z.enum(["role", "open", "branch", "head", "checks", "approvals", "no_changes_requested", "mergeable", "github_mergeable", "github_reviews", "up_to_date"]),
  label: z.string(),
  state: z.enum(["met", "unmet", "pending"]),
  detail: z.string().optional(),
  refusal: z.literal("head_moved").optional().describe("Why it is unmet, where the merge answers differently: the head moved is a 409, not a 422"),
});

export const mergeRecordSchema = z.object({
  method: z.enum(MergeMethod),
  headSha: z.string(),
  baseSha: z.string(),
  mergeSha: z.string(),
  by: z.string().describe("Who merged, by email"),
  viaToken: z.string().nullable().describe("The name of the API token it was made through; null from the browser"),
  at: z.string(),
});

export type MergeRecord = z.infer<typeof mergeRecordSchema>;

export function mergeRecordDto(merge: { method: MergeMethod; headSha: string; baseSha: string; mergeSha: string; createdAt: Date; viaToken: string | null }, by: { email: string }): MergeRecord {
  return { method: merge.method, headSha: merge.headSha, baseSha: merge.baseSha, mergeSha: merge.mergeSha, by: by.email, viaToken: merge.viaToken, at: merge.createdAt.toISOString() };
}

export const mergeStatusSchema = z.object({
  headSha: z.string().nullable(),
  mergeable: z.boolean(),
  conditions: z.array(mergeConditionSchema).describe("Every condition of the guarded merge for the current head, in order; empty once merged"),
  merge: mergeRecordSchema.nullable().describe("The merge, once made"),
});

export type MergeStatus = z.infer<typeof mergeStatusSchema>;
