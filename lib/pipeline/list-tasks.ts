import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { TASK_PAGE_SIZE, taskListQuerySchema } from "../tasks/list-query-schema.ts";
import { tasksAwaitingReviewBy } from "../tasks/queries.ts";
import { parseInput } from "../validation.ts";
import { taskListFacts } from "./list-facts.ts";

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
