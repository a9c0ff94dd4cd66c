import { z } from "zod";
import { TaskStatus } from "../generated/prisma/enums.ts";

export const TASK_PAGE_SIZE = 20;

export const taskListQuerySchema = z.object({
  repositoryId: z.string().trim().min(1).max(64).optional(),
  status: z.enum(TaskStatus).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
