import { z } from "zod";
import { TaskStatus } from "../generated/prisma/enums.ts";

export const TASK_PAGE_SIZE = 20;

/** One-click views of the dashboard: the actor's own tasks, or those waiting for the actor's review. */
export const TASK_VIEWS = ["mine", "review_requested"] as const;

export const taskListQuerySchema = z.object({
  repositoryId: z.string().trim().min(1).max(64).optional(),
  status: z.enum(TaskStatus).optional(),
  view: z.enum(TASK_VIEWS, { error: 'view must be "mine" or "review_requested"' }).optional(),
  /** Words the task's name or branch contains. */
  q: z.string().trim().max(200, "The search is at most 200 characters").optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
