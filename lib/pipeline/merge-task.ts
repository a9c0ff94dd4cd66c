import { z } from "zod";
import { notify } from "../notifications/notify.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { emitWebhookEvent } from "../webhooks/emit-webhook-event.ts";
import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { isUniqueViolation } from "../db/errors.ts";
import { gitAuthEnv } from "../github/git-auth-env.ts";
import { env } from "../env.mjs";
import { AppError } from "../errors.ts";
import { headShaSchema } from "../review/comment-schema.ts";
import { ensureMirror, mirrorPathOf } from "../git/ensure-mirror.ts";
import { readCommit } from "../git/git.ts";
import { withLease } from "../db/lease.ts";
import { parseInput } from "../validation.ts";
import { isGithubConnected } from "../github/client.ts";
import { githubMergeFacts } from "../merge/github-merge-facts.ts";
import { type MergeCondition, mergeConditions } from "../merge/conditions/index.ts";
import { deleteBranch } from "../merge/push-base.ts";
import { mergeStrategyFor } from "../merge/strategies/index.ts";
import { endTask } from "./task-state.ts";
import { mergeRecordDto } from "../merge/dto.ts";

export const mergeInputSchema = z
  .object({
    headSha: headShaSchema,
    method: z.enum(["merge", "squash", "rebase"], { error: 'Method must be "merge", "squash" or "rebase"' }).default("merge"),
  })
  .strict();

/** A merge refused: the conditions as the server saw them, so the caller can show what is missing. */
export class MergeRefused extends AppError {
  constructor(
    message: string,
    readonly conditions: MergeCondition[],
    code: "conflict" | "validation_failed",
  ) {
    super(code, message);
  }

  override toBody() {
    return { error: { code: this.code, message: this.message, conditions: this.conditions } };
  }
}

/**
 * The guarded merge. One merge per repository at a time across every server (a lease in the
 * database); inside it the
 * server fetches the upstream and checks every condition at that moment, builds the merge in a
 * temporary worktree and pushes it to the base as a lease on the base head it was built on.
 */
export async function mergeTask(actor: Actor | null, taskId: string, input: unknown) {
  requirePermission(actor, "task.merge");
  const { headSha, method } = parseInput(mergeInputSchema, input);
  const found = await prisma.task.findUnique({ where: { id: taskId }, select: { repositoryId: true } });
  if (!found) throw new AppError("not_found", "No such task.");
  const mirrorPath = mirrorPathOf(env.DATA_DIR, found.repositoryId);

  return withLease(`merge:${found.repositoryId}`, async () => {
    const task = await prisma.task.findUniqueOrThrow({ where: { id: taskId }, include: { repository: { include: { checks: true } }, author: true, merge: true } });
    if (task.merge || task.status === "merged") throw new AppError("conflict", "already merged");
    const { repository } = task;
    await ensureMirror({ dataDir: env.DATA_DIR, repositoryId: repository.id, upstream: repository.upstream, remoteEnv: gitAuthEnv(repository) });
    const github = isGithubConnected(repository) && task.headSha ? await githubMergeFacts({ ...task, headSha: task.headSha }, repository, true) : null;
    const conditions = await mergeConditions({ actor, task, mirrorPath, expectedHeadSha: headSha, github });
    const head = conditions.find((condition) => condition.key === "head")!;
    if (head.refusal === "head_moved") throw new MergeRefused(head.detail ?? "head moved", conditions, "conflict");
    const unmet = conditions.filter((condition) => condition.state !== "met");
    if (unmet.length > 0) {
      throw new MergeRefused(`Not mergeable yet: ${unmet.map((condition) => `${condition.label}${condition.detail ? ` — ${condition.detail}` : ""}`).join("; ")}`, conditions, "validation_failed");
    }

    const baseSha = (await readCommit(mirrorPath, `refs/heads/${repository.baseBranch}`))!;
    const mergeSha = await mergeStrategyFor(repository)({ task, repository, mirrorPath, baseSha, headSha, method, author: { name: actor.name ?? actor.email, email: actor.email } });

    const merge = await prisma.$transaction(async (tx) => {
      const row = await tx.merge.create({ data: { taskId, actorId: actor.id, viaToken: actor.token?.name ?? null, method, headSha, baseSha, mergeSha } });
      if (!(await endTask(tx, taskId, "merged"))) throw new AppError("conflict", "The task was closed meanwhile: nothing was recorded as merged.");
      await notify(tx, { userId: task.authorId, actorId: actor.id, taskId, kind: "task_merged", text: `${actor.name ?? actor.email} merged “${task.name}” into ${repository.baseBranch}`, href: `/tasks/${taskId}` });
      await recordAuditEvent(tx, { actorId: actor.id, action: "task.merged", targetType: "task", targetId: taskId, data: { method, headSha, baseSha, mergeSha } });
      await emitWebhookEvent(tx, "task.merged", taskId, { merge: { method, headSha, baseSha, sha: mergeSha, baseBranch: repository.baseBranch, by: actor.name ?? actor.email } });
      return row;
    }).catch((error: unknown) => {
      if (isUniqueViolation(error)) throw new AppError("conflict", "already merged");
      throw error;
    });
    const branchNote = repository.deleteBranchOnMerge
      ? await deleteBranch({ mirrorPath, upstream: repository.upstream, branch: task.branch, headSha, env: gitAuthEnv(repository) })
      : null;
    return { merge: mergeRecordDto(merge, actor), branchNote };
  }, { busy: "Another merge of this repository" });
}
