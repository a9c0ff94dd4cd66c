"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from "react";
import { taskChecksKey } from "@/components/checks/use-task-checks";
import { mergeStatusKey } from "@/components/merge/merge-box";
import { taskRunsKey } from "@/components/runs/runs-panel";
import type { TaskSnapshot } from "@/lib/live/task-snapshot";
import { TaskStatusBadge } from "./task-status-badge";

const TaskLiveContext = createContext<TaskSnapshot | null>(null);

/**
 * One live feed per task page: a single event stream whose snapshots fill every panel's cache at once
 * (status badge, runs, checks, criteria, merge box, blockers), so the panels never disagree.
 */
export function TaskLive({ taskId, initial, children }: { taskId: string; initial: TaskSnapshot; children: ReactNode }) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const [snapshot, setSnapshot] = useState(initial);
  const shown = useRef({ headSha: initial.headSha, reviews: initial.reviews });
  // Once the feed has sent a snapshot, only the feed writes: a page render (router.refresh(), an
  // action's) is read before it arrives and can be older than the feed's last snapshot, which the feed
  // does not send again until something changes.
  const fed = useRef(false);
  const show = useCallback(
    (next: TaskSnapshot) => {
      queryClient.setQueryData(taskChecksKey(taskId), next.checks);
      if (next.merge) queryClient.setQueryData(mergeStatusKey(taskId), next.merge);
      queryClient.setQueryData(taskRunsKey(taskId), next.runs);
      setSnapshot(next);
    },
    [queryClient, taskId],
  );
  useEffect(() => {
    fed.current = false;
    const source = new EventSource(`/api/v1/tasks/${encodeURIComponent(taskId)}/events`);
    source.addEventListener("task", (event) => {
      const next = JSON.parse((event as MessageEvent<string>).data) as TaskSnapshot;
      fed.current = true;
      show(next);
      // A new head or review changes what the server rendered (the diff link, the reviews): render again.
      if (next.headSha !== shown.current.headSha || next.reviews !== shown.current.reviews) {
        shown.current = { headSha: next.headSha, reviews: next.reviews };
        router.refresh();
      }
    });
    return () => source.close();
  }, [router, show, taskId]);
  useEffect(() => {
    if (fed.current) return;
    show(initial);
    shown.current = { headSha: initial.headSha, reviews: initial.reviews };
  }, [initial, show]);
  return <TaskLiveContext.Provider value={snapshot}>{children}</TaskLiveContext.Provider>;
}

export function useTaskSnapshot(): TaskSnapshot {
  const snapshot = useContext(TaskLiveContext);
  if (!snapshot) throw new Error("useTaskSnapshot needs a <TaskLive> around it");
  return snapshot;
}

export function LiveTaskStatus() {
  const { status } = useTaskSnapshot();
  return (
    <span aria-live="polite" data-testid="task-status" data-status={status}>
      <TaskStatusBadge status={status} />
    </span>
  );
}
