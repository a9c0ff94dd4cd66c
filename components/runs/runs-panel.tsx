"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useState, useTransition } from "react";
import { cancelRunAction, spawnRunAction } from "@/app/(app)/tasks/[id]/run-actions";
import { Button } from "@/components/ui/button";
import { EmptyState, ErrorBanner } from "@/components/ui/card";
import type { RunStatus } from "@/lib/generated/prisma/enums";
import type { RunDto } from "@/lib/runs/dto";
import { isFinalRunStatus } from "@/lib/runs/status";
import { formatDuration, shortSha } from "./log-format";
import { RunLog } from "./run-log";
import { RunStatusBadge } from "./run-status-badge";

export interface RunsPanelProps {
  taskId: string;
  initialRuns: RunDto[];
  canSpawn: boolean;
  canCancel: boolean;
  /** The run whose log shows first (a notification's link); else the newest. */
  initialSelectedId?: string | null;
}

async function fetchRuns(taskId: string): Promise<RunDto[]> {
  const response = await fetch(`/api/v1/tasks/${encodeURIComponent(taskId)}/runs`, { headers: { accept: "application/json" } });
  if (!response.ok) throw new Error(`Could not load runs (${response.status})`);
  return ((await response.json()) as { items: RunDto[] }).items;
}

export const taskRunsKey = (taskId: string) => ["task-runs", taskId] as const;

const isActive = (status: RunStatus) => !isFinalRunStatus(status);
const cancellable = (status: RunStatus) => status === "queued" || status === "preparing" || status === "running";

/**
 * The task's runs, newest first, kept current by the task's live feed (which fills the same cache)
 * and by the selected run's log stream (no polling).
 */
export function RunsPanel({ taskId, initialRuns, canSpawn, canCancel, initialSelectedId }: RunsPanelProps) {
  const queryClient = useQueryClient();
  const queryKey = useMemo(() => taskRunsKey(taskId), [taskId]);

  const { data: runs, error } = useQuery({
    queryKey,
    queryFn: () => fetchRuns(taskId),
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

function RunRow({
  run,
  selected,
  onSelect,
  canCancel,
}: {
  run: RunDto;
  selected: boolean;
  onSelect: () => void;
  canCancel: boolean;
}) {
  const [cancelling, startCancel] = useTransition();
  const [cancelError, setCancelError] = useState<string | null>(null);
  function cancel() {
    setCancelError(null);
    startCancel(async () => {
      const result = await cancelRunAction(run.id);
      if (!result.ok) setCancelError(result.error.message);
    });
  }

  return (
    <li
      data-testid="run-row"
      data-run-id={run.id}
      data-status={run.status}
      className={`flex items-start gap-3 px-3 py-2 text-sm ${selected ? "bg-indigo-50" : "hover:bg-slate-50"}`}
    >
      <button type="button" onClick={onSelect} aria-pressed={selected} className="min-w-0 flex-1 space-y-1 text-left">
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-semibold text-slate-800">#{run.number}</span>
          <RunStatusBadge status={run.status} />
          <span className="text-xs text-slate-600">{run.trigger}</span>
          <SandboxLabel sandbox={run.sandbox} />
          {run.exitCode !== null ? (
            <span className={`font-mono text-xs ${run.exitCode === 0 ? "text-slate-600" : "text-red-700"}`}>exit {run.exitCode}</span>
          ) : null}
          {run.headSha ? (
            <span className="font-mono text-xs text-slate-600" title={run.headSha}>
              head {shortSha(run.headSha)}
            </span>
          ) : null}
          {run.truncated ? <span className="text-xs text-amber-700">log truncated</span> : null}
        </div>
        <RunTimes run={run} />
        {run.error ? <p className="line-clamp-2 break-words text-xs text-red-700">{run.error}</p> : null}
      </button>
      {canCancel && cancellable(run.status) ? (
        <div className="flex shrink-0 flex-col items-end gap-1">
          <Button type="button" variant="secondary" onClick={cancel} disabled={cancelling} aria-label={`Cancel run #${run.number}`}>
            {cancelling ? "Cancelling…" : "Cancel"}
          </Button>
          {cancelError ? (
            <p role="alert" className="max-w-56 text-right text-xs text-red-600">
              {cancelError}
            </p>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

function SandboxLabel({ sandbox }: { sandbox: string | null }) {
  if (!sandbox) return null;
  if (sandbox === "none") {
    return (
      <span
        data-testid="run-sandbox"
        title="This run's agent ran without a sandbox"
        className="rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900 ring-1 ring-inset ring-amber-300"
      >
        ⚠ sandbox: none
      </span>
    );
  }
  return (
    <span data-testid="run-sandbox" className="text-xs text-slate-600">
      sandbox: {sandbox}
    </span>
  );
}

function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}

function Time({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} suppressHydrationWarning>
      {new Date(iso).toLocaleString()}
    </time>
  );
}

function RunTimes({ run }: { run: RunDto }) {
  const running = run.startedAt !== null && run.finishedAt === null;
  const now = useNow(running);
  const duration = run.startedAt ? (run.finishedAt ? Date.parse(run.finishedAt) : now) - Date.parse(run.startedAt) : null;
  return (
    <p className="flex flex-wrap gap-x-3 text-xs text-slate-600">
      {run.startedAt ? (
        <span>
          started <Time iso={run.startedAt} />
        </span>
      ) : (
        <span>
          queued <Time iso={run.queuedAt} />
        </span>
      )}
      {run.finishedAt ? (
        <span>
          finished <Time iso={run.finishedAt} />
        </span>
      ) : null}
      {duration !== null ? <span suppressHydrationWarning>{formatDuration(Math.max(0, duration))}{running ? "…" : ""}</span> : null}
    </p>
  );
}
