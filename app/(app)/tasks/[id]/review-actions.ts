"use server";

import { revalidatePath } from "next/cache";
import { sessionActor } from "@/lib/auth/actor";
import { actionResult } from "@/lib/http/action-result";
import { mergeTask } from "@/lib/pipeline/merge-task";
import { createComment } from "@/lib/review/create-comment";
import { requestReview } from "@/lib/review/request-review";
import { replyToComment } from "@/lib/review/reply-to-comment";
import { resolveComment } from "@/lib/review/resolve-comment";
import { submitReview } from "@/lib/pipeline/submit-review";

/** Approves or requests changes on the head the reviewer saw. */
export async function submitReviewAction(taskId: string, input: unknown) {
  const actor = await sessionActor();
  return actionResult(async () => {
    const { review, run } = await submitReview(actor, String(taskId), input);
    revalidatePath(`/tasks/${taskId}`);
    return { reviewId: review.id, runId: run?.id ?? null };
  });
}

export async function createCommentAction(taskId: string, input: unknown) {
  const actor = await sessionActor();
  return actionResult(async () => {
    const comment = await createComment(actor, String(taskId), input);
    return { id: comment.id };
  });
}

/** The merge button: the server checks everything again at this moment. */
export async function mergeTaskAction(taskId: string, input: unknown) {
  const actor = await sessionActor();
  return actionResult(async () => {
    const { merge, branchNote } = await mergeTask(actor, String(taskId), input);
    revalidatePath(`/tasks/${taskId}`);
    return { mergeSha: merge.mergeSha, note: branchNote };
  });
}

export async function resolveCommentAction(commentId: string, resolved: boolean) {
  const actor = await sessionActor();
  return actionResult(async () => {
    const comment = await resolveComment(actor, String(commentId), { resolved });
    revalidatePath(`/tasks/${comment.taskId}`);
    return { resolved: comment.resolved };
  });
}

/** Asks maintainers to review the task; the task page's feed shows them. */
export async function requestReviewAction(taskId: string, input: unknown) {
  const actor = await sessionActor();
  return actionResult(async () => {
    const { requested } = await requestReview(actor, String(taskId), input);
    return { requested };
  });
}

export async function replyToCommentAction(commentId: string, input: unknown) {
  const actor = await sessionActor();
  return actionResult(async () => {
    const reply = await replyToComment(actor, String(commentId), input);
    return { id: reply.id };
  });
}
