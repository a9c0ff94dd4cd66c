"use client";

import { useEffect, useState, useTransition } from "react";
import { cancelRunAction } from "@/app/(app)/tasks/[id]/run-actions";
import { Button } from "@/components/ui/button";
import type { RunStatus } from "@/lib/generated/prisma/enums";
import type { RunDto } from "@/lib/runs/dto";
import { formatDuration, shortSha } from "./log-format";
import { RunStatusBadge } from "./run-status-badge";
import { RunUsage } from "./run-usage";
import { ViaToken } from "@/components/via-token";

const cancellable = (status: RunStatus) => status === "queued" || status === "preparing" || status === "running";

export function RunRow({
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
          <ViaToken name={run.viaToken} />
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
          <RunUsage usage={run.usage} />
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
