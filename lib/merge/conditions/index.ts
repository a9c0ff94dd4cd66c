import { approvals } from "./approvals.ts";
import { featureBranch } from "./feature-branch.ts";
import { githubMergeable } from "./github-mergeable.ts";
import { githubReviews } from "./github-reviews.ts";
import { head } from "./head.ts";
import { loadMergeContext } from "./load-context.ts";
import { mergeable } from "./mergeable.ts";
import { noChangesRequested } from "./no-changes-requested.ts";
import { requiredChecksPassed } from "./required-checks-passed.ts";
import { role } from "./role.ts";
import { taskOpen } from "./task-open.ts";
import type { ConditionInput, ConditionModule, MergeCondition } from "./types.ts";
import { upToDate } from "./up-to-date.ts";

export type { ConditionState, MergeCondition, MergeTask } from "./types.ts";

// In the order the merge box lists them; those after the head need one.
const ALWAYS: ConditionModule[] = [role, taskOpen, featureBranch, head];
const WITH_A_HEAD: ConditionModule[] = [requiredChecksPassed, approvals, noChangesRequested, mergeable, githubMergeable, githubReviews, upToDate];

/** Every condition of the guarded merge with its state, read from the database and the mirror as they are now. */
export async function mergeConditions(input: ConditionInput): Promise<MergeCondition[]> {
  const context = await loadMergeContext(input);
  const modules = input.task.headSha ? [...ALWAYS, ...WITH_A_HEAD] : ALWAYS;
  const conditions = await Promise.all(modules.map((condition) => condition(context)));
  return conditions.filter((condition): condition is MergeCondition => condition !== null);
}
