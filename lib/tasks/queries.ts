import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { parseInput } from "../validation.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { taskListFacts } from "./list-facts.ts";
import { TASK_PAGE_SIZE, taskListQuerySchema } from "./list-query-schema.ts";
import { ENDED_TASK_STATUSES } from "./task-open.ts";

/** A page of tasks, newest first, filtered, each with the facts the dashboard's columns show. */
export async function listTasks(actor: Actor | null, query: unknown) {
  requirePermission(actor, "task.view");
  const { repositoryId, status, view, q, page } = parseInput(taskListQuerySchema, query);
  const where: Prisma.TaskWhereInput = {
    ...(repositoryId ? { repositoryId } : {}),
    ...(status ? { status } : {}),
    ...(view === "mine" ? { authorId: actor.id } : {}),
    ...(view === "review_requested" ? { id: { in: await tasksAwaitingReviewBy(actor.id) } } : {}),
    ...(q ? { OR: [{ name: { contains: q, mode: "insensitive" } }, { branch: { contains: q, mode: "insensitive" } }] } : {}),
  };
  const [items, total] = await prisma.$transaction([
    prisma.task.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * TASK_PAGE_SIZE,
      take: TASK_PAGE_SIZE,
      include: { repository: { select: { id: true, name: true, requiredApprovals: true, allowSelfApproval: true } }, author: { select: { id: true, email: true } } },
    }),
    prisma.task.count({ where }),
  ]);
  const facts = await taskListFacts(items);
  return { items: items.map((task) => ({ ...task, facts: facts.get(task.id)! })), total, page, pageSize: TASK_PAGE_SIZE };
}

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
