import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { ENDED_TASK_STATUSES } from "./task-open.ts";

/** Open tasks someone asked this person to review whose current head they have not reviewed yet. */
export async function tasksAwaitingReviewBy(userId: string): Promise<string[]> {
  const requests = await prisma.reviewRequest.findMany({
    where: { reviewerId: userId, task: { status: { notIn: [...ENDED_TASK_STATUSES] } } },
    select: { task: { select: { id: true, headSha: true, reviews: { where: { authorId: userId }, select: { headSha: true } } } } },
  });
  return requests.filter(({ task }) => !task.reviews.some((review) => review.headSha === task.headSha)).map(({ task }) => task.id);
}

export async function getTask(actor: Actor | null, taskId: string) {
  requirePermission(actor, "task.view");
  const task = await prisma.task.findUnique({
    where: { id: taskId },
    include: {
      repository: { include: { checks: { orderBy: { position: "asc" } } } },
      author: { select: { id: true, email: true, name: true } },
    },
  });
  if (!task) throw new AppError("not_found", "No such task.");
  return task;
}

export type TaskDetail = Awaited<ReturnType<typeof getTask>>;
