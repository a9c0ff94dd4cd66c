import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { env } from "../env.mjs";
import { AppError } from "../errors.ts";
import { mirrorPathOf } from "../git/ensure-mirror.ts";
import { isGithubConnected } from "../github/client.ts";
import { githubMergeFacts } from "./github-merge-facts.ts";
import { mergeConditions } from "./conditions/index.ts";

/** What the merge box shows: every condition for the current head as the mirror knows it, or the merge. */
export async function mergeStatus(actor: Actor | null, taskId: string) {
  requirePermission(actor, "task.view");
  const task = await prisma.task.findUnique({ where: { id: taskId }, include: { repository: { include: { checks: true } }, author: true, merge: { include: { actor: true } } } });
  if (!task) throw new AppError("not_found", "No such task.");
  if (task.merge) {
    const { merge } = task;
    return {
      headSha: task.headSha,
      mergeable: false,
      conditions: [],
      merge: { method: merge.method, headSha: merge.headSha, baseSha: merge.baseSha, mergeSha: merge.mergeSha, by: merge.actor.email, at: merge.createdAt.toISOString() },
    };
  }
  const github = isGithubConnected(task.repository) && task.headSha ? await githubMergeFacts({ ...task, headSha: task.headSha }, task.repository).catch(() => null) : null;
  const conditions = await mergeConditions({ actor, task, mirrorPath: mirrorPathOf(env.DATA_DIR, task.repositoryId), expectedHeadSha: null, github });
  return { headSha: task.headSha, mergeable: conditions.every((condition) => condition.state === "met"), conditions, merge: null };
}

export type MergeStatus = Awaited<ReturnType<typeof mergeStatus>>;
