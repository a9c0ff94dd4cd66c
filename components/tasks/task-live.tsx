"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from "react";
import { feeds, queryKeys } from "@/components/api-client";
import type { TaskSnapshot } from "@/lib/pipeline/task-snapshot";
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
      queryClient.setQueryData(queryKeys.taskChecks(taskId), next.checks);
      queryClient.setQueryData(queryKeys.mergeStatus(taskId), next.merge);
      queryClient.setQueryData(queryKeys.taskRuns(taskId), next.runs);
      setSnapshot(next);
    },
    [queryClient, taskId],
  );
  useEffect(() => {
    fed.current = false;
    return feeds.task(taskId, (next) => {
      fed.current = true;
      show(next);
      // A new head or review changes what the server rendered (the diff link, the reviews): render again.
      if (next.headSha !== shown.current.headSha || next.reviews !== shown.current.reviews) {
        shown.current = { headSha: next.headSha, reviews: next.reviews };
        router.refresh();
      }
    });
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
