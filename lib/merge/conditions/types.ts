import type { z } from "zod";
import type { Actor } from "../../auth/permissions.ts";
import type { CheckRun, Prisma } from "../../generated/prisma/client.ts";
import type { decisionsOnHead } from "../../review/approvals.ts";
import type { mergeConditionSchema } from "../dto.ts";
import type { GithubMergeFacts } from "../github-merge-facts.ts";

export type MergeCondition = z.infer<typeof mergeConditionSchema>;

export type ConditionState = MergeCondition["state"];

export type MergeTask = Prisma.TaskGetPayload<{ include: { repository: { include: { checks: true } }; author: true } }>;

export interface ConditionInput {
  actor: Actor | null;
  task: MergeTask;
  mirrorPath: string;
  /** The head the person saw; null when only showing the conditions. */
  expectedHeadSha: string | null;
  /** What GitHub says, for a repository connected to it. */
  github?: GithubMergeFacts | null;
  /** For a page's first paint: the conflict check is answered only if already known, else pending. */
  skipConflictCheck?: boolean;
}

/** What every condition reads, loaded once: the database and the mirror as they are now. */
export interface MergeContext extends ConditionInput {
  upstreamHead: string | null;
  baseHead: string | null;
  /** The latest attempt of each check of the head. */
  checks: CheckRun[];
  decisions: Awaited<ReturnType<typeof decisionsOnHead>> | null;
  /** Approvals given on earlier heads. */
  staleApprovals: number;
}

/** One condition of the guarded merge; null where it does not apply to this task. */
export type ConditionModule = (context: MergeContext) => MergeCondition | null | Promise<MergeCondition | null>;
