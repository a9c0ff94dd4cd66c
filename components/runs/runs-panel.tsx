"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo, useState, useTransition } from "react";
import { spawnRunAction } from "@/app/(app)/tasks/[id]/run-actions";
import { Button } from "@/components/ui/button";
import { EmptyState, ErrorBanner } from "@/components/ui/card";
import type { RunStatus } from "@/lib/generated/prisma/enums";
import type { RunDto } from "@/lib/runs/dto";
import { isFinalRunStatus } from "@/lib/runs/status";
import { RunLog } from "./run-log";
import { RunRow } from "./run-row";
import { TaskSpend } from "./run-usage";
import { api, queryKeys } from "@/components/api-client";

export interface RunsPanelProps {
  taskId: string;
  initialRuns: RunDto[];
  canSpawn: boolean;
  canCancel: boolean;
  /** The task's budget in USD; null: none. */
  budgetUsd: number | null;
  /** The run whose log shows first (a notification's link); else the newest. */
  initialSelectedId?: string | null;
}


const isActive = (status: RunStatus) => !isFinalRunStatus(status);

/**
 * The task's runs, newest first, kept current by the task's live feed (which fills the same cache)
 * and by the selected run's log stream (no polling).
 */
export function RunsPanel({ taskId, initialRuns, canSpawn, canCancel, budgetUsd, initialSelectedId }: RunsPanelProps) {
  const queryClient = useQueryClient();
  const queryKey = useMemo(() => queryKeys.taskRuns(taskId), [taskId]);

  const { data: runs, error } = useQuery({
    queryKey,
    queryFn: () => api.taskRuns(taskId),
    initialData: initialRuns,
    // The task's feed keeps this current: a one-off refetch could land after a newer snapshot and undo it.
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });

  const [selectedId, setSelectedId] = useState<string | null>(initialSelectedId ?? null);
  // The newest run unless the user picked one (a run just spawned here is picked for them).
  const selectedRunId = selectedId ?? runs[0]?.id ?? null;
  const selected = runs.find((run) => run.id === selectedRunId);

  // The selected run's stream reports its status before the task's feed does.
  const onStatus = useCallback(
    (run: RunDto) => {
      queryClient.setQueryData<RunDto[]>(queryKey, (list) => {
        if (!list) return list;
        if (!list.some((row) => row.id === run.id)) return [run, ...list].sort((a, b) => b.number - a.number);
        return list.map((row) => (row.id === run.id ? run : row));
      });
    },
    [queryClient, queryKey],
  );

  const [spawning, startSpawn] = useTransition();
  const [spawnError, setSpawnError] = useState<string | null>(null);
  function spawn() {
    setSpawnError(null);
    startSpawn(async () => {
      const result = await spawnRunAction(taskId);
      if (!result.ok) {
        setSpawnError(result.error.message);
        return;
      }
      setSelectedId(result.data.runId);
    });
  }

  const activeRun = runs.find((run) => isActive(run.status));

  return (
    <div className="space-y-4" data-testid="runs-panel">
      <TaskSpend runs={runs} budgetUsd={budgetUsd} />
      {canSpawn ? (
        <div className="flex flex-wrap items-center gap-3">
          <Button type="button" onClick={spawn} disabled={spawning || !!activeRun} aria-describedby={activeRun ? "spawn-blocked" : undefined}>
            {spawning ? "Spawning…" : "Spawn agent"}
          </Button>
          {activeRun ? (
            <p id="spawn-blocked" className="text-sm text-slate-600">
              Run #{activeRun.number} is {activeRun.status}: one run at a time.
            </p>
          ) : null}
          {spawnError ? (
            <p role="alert" className="text-sm text-red-600">
              {spawnError}
            </p>
          ) : null}
        </div>
      ) : null}
      {error ? <ErrorBanner message={error.message} /> : null}

      {runs.length === 0 ? (
        <EmptyState>No runs yet.{canSpawn ? " Spawn the agent to start one: its log appears here live." : ""}</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-md border border-slate-200" aria-label="Runs">
          {runs.map((run) => (
            <RunRow
              key={run.id}
              run={run}
              selected={run.id === selectedRunId}
              onSelect={() => setSelectedId(run.id)}
              canCancel={canCancel}
            />
          ))}
        </ul>
      )}

      {selectedRunId ? (
        <div className="space-y-2">
          <h3 className="text-sm font-semibold text-slate-800">
            Log of run #{selected?.number ?? "…"}
          </h3>
          <RunLog key={selectedRunId} runId={selectedRunId} onStatus={onStatus} />
        </div>
      ) : null}
    </div>
  );
}
