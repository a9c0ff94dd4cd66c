"use client";

import { useTaskSnapshot } from "@/components/tasks/task-live";
import type { ConditionState } from "@/lib/merge/conditions";

const MARK: Record<ConditionState, { symbol: string; className: string }> = {
  met: { symbol: "✓", className: "text-green-700" },
  unmet: { symbol: "✗", className: "text-red-700" },
  pending: { symbol: "…", className: "text-amber-700" },
};

/** The merge conditions on one wrapping line, live (each condition's detail on hover and for screen readers). */
export function CompactChecklist() {
  const { merge } = useTaskSnapshot();
  if (merge.merge) return <p className="text-sm text-slate-600">Merged by {merge.merge.by}.</p>;
  return (
    <ul className="flex flex-wrap gap-x-3 gap-y-1 text-xs" aria-label="Merge checklist" data-testid="compact-checklist">
      {merge.conditions.map((condition) => (
        <li key={condition.key} title={condition.detail} data-key={condition.key} data-state={condition.state} className="flex items-center gap-1">
          <span aria-hidden className={`font-semibold ${MARK[condition.state].className}`}>
            {MARK[condition.state].symbol}
          </span>
          <span className="text-slate-700">
            {condition.label}
            <span className="sr-only">: {condition.state}{condition.detail ? `, ${condition.detail}` : ""}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}
