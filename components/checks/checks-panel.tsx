"use client";

import { useState, useTransition } from "react";
import { rerunChecksAction } from "@/app/(app)/tasks/[id]/check-actions";
import { formatDuration, shortSha } from "@/components/runs/log-format";
import { RunLog } from "@/components/runs/run-log";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import type { CheckDto } from "@/lib/checks/dto";
import type { TaskChecksOverview } from "@/lib/checks/dto";
import { CheckStatusBadge } from "./check-status-badge";
import { useTaskChecks } from "./use-task-checks";


/**
 * The current head's checks, live from the task's feed: status, JUnit counts and failing
 * tests, each check's log on demand, re-run; earlier heads' checks below, marked stale.
 */
export function ChecksPanel({ taskId, initial, canRerun, initialOpenLog }: { taskId: string; initial: TaskChecksOverview; canRerun: boolean; /** A check whose log shows open (a notification's link). */ initialOpenLog?: string | null }) {
  const { data } = useTaskChecks(taskId, initial);
  const [openLog, setOpenLog] = useState<string | null>(initialOpenLog ?? null);
  const [rerunError, setRerunError] = useState<string | null>(null);
  const [rerunning, startRerun] = useTransition();
  function rerun(name?: string) {
    setRerunError(null);
    startRerun(async () => {
      const result = await rerunChecksAction(taskId, name);
      if (!result.ok) setRerunError(result.error.message);
    });
  }

  if (!data.headSha) return <EmptyState>No checks yet: they run on the head commit a run pushes.</EmptyState>;
  return (
    <div className="space-y-4" data-testid="checks-panel">
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm text-slate-600">
        <span>
          Head <span className="font-mono">{shortSha(data.headSha)}</span>
        </span>
        {canRerun && data.checks.some((check) => check.source === "local") ? (
          <Button type="button" variant="secondary" onClick={() => rerun()} disabled={rerunning}>
            Re-run all checks
          </Button>
        ) : null}
      </div>
      {rerunError ? (
        <p role="alert" className="text-sm text-red-600">
          {rerunError}
        </p>
      ) : null}
      {data.checks.length === 0 ? (
        <EmptyState>No checks ran on this head: the repository has none configured.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-md border border-slate-200" aria-label="Checks">
          {data.checks.map((check) => (
            <CheckRow
              key={check.id}
              check={check}
              logOpen={openLog === check.id}
              onToggleLog={() => setOpenLog((current) => (current === check.id ? null : check.id))}
              onRerun={canRerun && check.source === "local" ? () => rerun(check.name) : undefined}
              rerunning={rerunning}
            />
          ))}
        </ul>
      )}
      {data.stale.map((head) => (
        <details key={head.headSha} className="text-sm" data-testid="stale-checks">
          <summary className="cursor-pointer text-slate-500">
            Stale: checks of an earlier head <span className="font-mono">{shortSha(head.headSha)}</span> ({head.checks.length}); they do not count for the current head
          </summary>
          <ul className="mt-2 space-y-1 pl-4">
            {head.checks.map((check) => (
              <li key={check.id} className="flex items-center gap-2 opacity-70">
                <span className="font-mono">{check.name}</span>
                <CheckStatusBadge check={check} />
                <Badge>stale</Badge>
              </li>
            ))}
          </ul>
        </details>
      ))}
    </div>
  );
}

function CheckRow({
  check,
  logOpen,
  onToggleLog,
  onRerun,
  rerunning,
}: {
  check: CheckDto;
  logOpen: boolean;
  onToggleLog: () => void;
  onRerun?: () => void;
  rerunning: boolean;
}) {
  const duration = check.startedAt && check.finishedAt ? formatDuration(Date.parse(check.finishedAt) - Date.parse(check.startedAt)) : null;
  return (
    <li className="space-y-2 px-3 py-2" data-testid="check-row" data-check-name={check.name}>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="font-mono font-medium">{check.name}</span>
        <CheckStatusBadge check={check} />
        {check.required ? <Badge tone="violet">required</Badge> : null}
        {check.source === "github" ? <Badge tone="blue">GitHub</Badge> : null}
        {check.attempt > 1 ? <span className="text-xs text-slate-500">attempt {check.attempt}</span> : null}
        {duration ? <span className="text-xs text-slate-500">{duration}</span> : null}
        {check.junit ? (
          <span className="text-xs text-slate-600" data-testid="junit-counts">
            {check.junit.passed} passed, {check.junit.failed} failed, {check.junit.skipped} skipped
          </span>
        ) : null}
        <span className="ml-auto flex gap-2">
          {check.url ? (
            <a className="text-xs text-indigo-700 hover:underline" href={check.url} target="_blank" rel="noreferrer">
              Details
            </a>
          ) : null}
          {check.source === "local" ? (
            <Button type="button" variant="ghost" className="!px-2 !py-0.5 text-xs" onClick={onToggleLog} aria-expanded={logOpen}>
              {logOpen ? "Hide log" : "Log"}
            </Button>
          ) : null}
          {onRerun ? (
            <Button type="button" variant="ghost" className="!px-2 !py-0.5 text-xs" onClick={onRerun} disabled={rerunning}>
              Re-run
            </Button>
          ) : null}
        </span>
      </div>
      {check.error && check.conclusion !== "success" ? <p className="text-xs text-slate-600">{check.error}</p> : null}
      {check.junit && check.junit.failures.length > 0 ? (
        <ul className="space-y-1 text-xs" aria-label={`Failing tests of ${check.name}`}>
          {check.junit.failures.map((failure, index) => (
            <li key={index} data-testid="junit-failure" className="rounded bg-red-50 px-2 py-1">
              <span className="font-mono font-medium text-red-800">
                {failure.classname ? `${failure.classname} › ` : ""}
                {failure.name}
              </span>
              {failure.message ? <pre className="mt-0.5 whitespace-pre-wrap font-mono text-red-700">{failure.message}</pre> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {logOpen ? <RunLog runId={check.id} kind="check-runs" /> : null}
    </li>
  );
}
