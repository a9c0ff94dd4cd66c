"use client";

import Link from "next/link";
import { useTaskSnapshot } from "@/components/tasks/task-live";
import type { MergeCondition } from "@/lib/merge/conditions";

interface Blocker {
  text: string;
  action?: { label: string; href: string };
}

/** A condition that is not met, in a few words, with what unblocks it. */
function blockerOf(condition: MergeCondition, taskId: string): Blocker | null {
  const detail = condition.detail?.replace(/\.$/, "") ?? "";
  switch (condition.key) {
    case "role":
    case "open":
      return null;
    case "head":
      return { text: detail || "No reviewed head", action: { label: "Spawn the agent", href: "#runs" } };
    case "checks":
      return condition.state === "pending"
        ? { text: detail.replace(/^Waiting for: /, "Waiting for ") || "Waiting for checks", action: { label: "See the checks", href: "#checks" } }
        : { text: detail || "Checks failed", action: { label: "See the checks", href: "#checks" } };
    case "approvals":
      return { text: `Needs ${condition.label.replace(/ on the head$/, "")}: ${detail}`, action: { label: "Review the diff", href: `/tasks/${taskId}/diff` } };
    case "no_changes_requested":
      return { text: `Changes requested${detail ? ` (${detail.replace(/^Requested by /, "by ")})` : ""}`, action: { label: "See the review", href: "#review" } };
    default:
      return { text: detail ? `${condition.label}: ${detail}` : condition.label };
  }
}

/** Above the fold: what blocks the merge, in one line, with the action that unblocks it. */
export function MergeBlockers({ taskId }: { taskId: string }) {
  const { merge, status } = useTaskSnapshot();
  if (merge.merge || status === "closed") return null;
  const blockers = merge.conditions.filter((condition) => condition.state !== "met").map((condition) => blockerOf(condition, taskId)).filter((blocker): blocker is Blocker => blocker !== null);
  const action = blockers.find((blocker) => blocker.action)?.action;
  return (
    <p className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm" data-testid="merge-blockers" aria-live="polite">
      {blockers.length === 0 ? (
        <>
          <span className="font-medium text-green-700">Ready to merge</span>
          <Link className="text-indigo-700 hover:underline" href="#merge">
            Merge
          </Link>
        </>
      ) : (
        <>
          <span className="text-slate-500">Blocked:</span>
          <span data-testid="merge-blockers-text">{blockers.map((blocker) => blocker.text).join(" · ")}</span>
          {action ? (
            <Link className="font-medium text-indigo-700 hover:underline" href={action.href}>
              {action.label} →
            </Link>
          ) : null}
        </>
      )}
    </p>
  );
}
