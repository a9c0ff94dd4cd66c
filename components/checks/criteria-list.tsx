"use client";

import { EmptyState } from "@/components/ui/card";
import type { TaskChecksOverview } from "@/lib/checks/dto";
import type { CriterionState } from "@/lib/checks/criteria-status";
import { useTaskChecks } from "./use-task-checks";

const MARK: Record<CriterionState, { symbol: string; className: string; label: string }> = {
  met: { symbol: "✓", className: "text-green-700", label: "met" },
  failing: { symbol: "✗", className: "text-red-700", label: "failing" },
  pending: { symbol: "…", className: "text-slate-500", label: "pending" },
  unlinked: { symbol: "○", className: "text-slate-500", label: "no check linked" },
};

/** The acceptance criteria against the current head's checks, live with the checks panel. */
export function CriteriaList({ taskId, initial }: { taskId: string; initial: TaskChecksOverview }) {
  const { data } = useTaskChecks(taskId, initial);
  if (data.criteria.length === 0) return <EmptyState>No acceptance criteria: the spec names none. Criteria linked to a check show here as met or failing on each head.</EmptyState>;
  return (
    <ul className="space-y-1.5 text-sm">
      {data.criteria.map((criterion, index) => {
        const mark = MARK[criterion.state];
        return (
          <li key={`${index}-${criterion.text}`} data-testid="criterion" data-state={criterion.state} className="flex gap-2">
            <span aria-hidden className={`w-4 shrink-0 text-center font-semibold ${mark.className}`}>
              {mark.symbol}
            </span>
            <span>
              {criterion.text}
              {criterion.check ? <span className="ml-1 font-mono text-xs text-slate-500">({criterion.check})</span> : null}
              <span className={`ml-1 text-xs ${mark.className}`}>— {mark.label}</span>
            </span>
          </li>
        );
      })}
    </ul>
  );
}
