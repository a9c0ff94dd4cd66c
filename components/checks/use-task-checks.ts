"use client";

import { useQuery } from "@tanstack/react-query";
import { api, queryKeys } from "@/components/api-client";
import type { TaskChecksOverview } from "@/lib/checks/dto";

/** The task's checks overview, shared by the checks panel and the criteria list. */
export function useTaskChecks(taskId: string, initial: TaskChecksOverview) {
  // The task's live feed (TaskLive) keeps this cache current.
  return useQuery({ queryKey: queryKeys.taskChecks(taskId), queryFn: () => api.checksOverview(taskId), initialData: initial, staleTime: Number.POSITIVE_INFINITY });
}
