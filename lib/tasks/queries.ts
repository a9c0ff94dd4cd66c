import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { parseInput } from "../validation.ts";
import { TASK_PAGE_SIZE, taskListQuerySchema } from "./list-query-schema.ts";


export async function listTasks(actor: Actor | null, query: unknown) {
  requirePermission(actor, "task.view");
  const { repositoryId, status, page } = parseInput(taskListQuerySchema, query);
  const where = { ...(repositoryId ? { repositoryId } : {}), ...(status ? { status } : {}) };
  const [items, total] = await prisma.$transaction([
    prisma.task.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * TASK_PAGE_SIZE,
      take: TASK_PAGE_SIZE,
      include: { repository: { select: { id: true, name: true } }, author: { select: { id: true, email: true } } },
    }),
    prisma.task.count({ where }),
  ]);
  return { items, total, page, pageSize: TASK_PAGE_SIZE };
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
