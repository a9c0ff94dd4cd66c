import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { env } from "../env.mjs";
import { AppError } from "../errors.ts";
import { mirrorPathOf } from "../git/ensure-mirror.ts";
import { isGithubConnected } from "../github/client.ts";
import { githubMergeFacts } from "./github-merge-facts.ts";
import { mergeConditions } from "./conditions/index.ts";
import { type MergeStatus, mergeRecordDto } from "./dto.ts";

/**
 * What the merge box shows: every condition for the current head as the mirror knows it, or the merge.
 * A page's first paint may skip the conflict check (a merge-tree of the whole branch) unless its answer
 * is known: it shows the same conditions, that one pending, and the live feed brings its answer.
 */
export async function mergeStatus(actor: Actor | null, taskId: string, { skipConflictCheck = false } = {}): Promise<MergeStatus> {
  requirePermission(actor, "task.view");
  const task = await prisma.task.findUnique({ where: { id: taskId }, include: { repository: { include: { checks: true } }, author: true, merge: { include: { actor: true } } } });
  if (!task) throw new AppError("not_found", "No such task.");
  if (task.merge) {
    const { merge } = task;
    return {
      headSha: task.headSha,
      mergeable: false,
      conditions: [],
      merge: mergeRecordDto(merge, merge.actor),
    };
  }
  const github = isGithubConnected(task.repository) && task.headSha ? await githubMergeFacts({ ...task, headSha: task.headSha }, task.repository).catch(() => null) : null;
  const conditions = await mergeConditions({ actor, task, mirrorPath: mirrorPathOf(env.DATA_DIR, task.repositoryId), expectedHeadSha: null, github, skipConflictCheck });
  return { headSha: task.headSha, mergeable: conditions.every((condition) => condition.state === "met"), conditions, merge: null };
}

