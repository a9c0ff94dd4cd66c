"use client";

import { useQuery } from "@tanstack/react-query";
import type { TaskChecksOverview } from "@/lib/checks/queries";

export const taskChecksKey = (taskId: string) => ["task-checks", taskId] as const;

async function fetchOverview(taskId: string): Promise<TaskChecksOverview> {
  const response = await fetch(`/api/v1/tasks/${encodeURIComponent(taskId)}/checks/overview`, { headers: { accept: "application/json" } });
  if (!response.ok) throw new Error(`Could not load checks (${response.status})`);
  return (await response.json()) as TaskChecksOverview;
}

/** The task's checks overview, shared by the checks panel and the criteria list. */
export function useTaskChecks(taskId: string, initial: TaskChecksOverview) {
  // The task's live feed (TaskLive) keeps this cache current.
  return useQuery({ queryKey: taskChecksKey(taskId), queryFn: () => fetchOverview(taskId), initialData: initial, staleTime: Number.POSITIVE_INFINITY });
}
