"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { mergeTaskAction } from "@/app/(app)/tasks/[id]/review-actions";
import { shortSha } from "@/components/runs/log-format";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/field";
import type { ConditionState } from "@/lib/merge/conditions";
import type { MergeStatus } from "@/lib/merge/dto";
import { api, queryKeys } from "@/components/api-client";
import { ViaToken } from "@/components/via-token";

const MARK: Record<ConditionState, { symbol: string; className: string }> = {
  met: { symbol: "✓", className: "text-green-700" },
  unmet: { symbol: "✗", className: "text-red-700" },
  pending: { symbol: "…", className: "text-amber-700" },
};


/**
 * Every merge condition with its state, live. The button is enabled only when
 * all hold, but the server checks them all again when it is clicked.
 */
export function MergeBox({ taskId, initial, canMerge }: { taskId: string; initial: MergeStatus; canMerge: boolean }) {
  const router = useRouter();
  // Kept current by the task's live feed, which fills this cache.
  const { data } = useQuery({ queryKey: queryKeys.mergeStatus(taskId), queryFn: () => api.mergeStatus(taskId), initialData: initial, staleTime: Number.POSITIVE_INFINITY });
  const [method, setMethod] = useState<"merge" | "squash" | "rebase">("merge");
  // The head this browser shows: what the person is merging, even if the branch moves meanwhile.
  const [shownHead, setShownHead] = useState(initial.headSha);
  // The first head to appear on an open page is the one it shows; a later one waits for a reload.
  useEffect(() => {
    if (!shownHead && data.headSha) setShownHead(data.headSha);
  }, [data.headSha, shownHead]);
  const [error, setError] = useState<string | null>(null);
  const [merging, startMerge] = useTransition();

  if (data.merge) {
    return (
      <p className="text-sm" data-testid="merged">
        Merged by {data.merge.by} <ViaToken name={data.merge.viaToken} /> ({data.merge.method}) at <span className="font-mono">{shortSha(data.merge.mergeSha)}</span>, from head{" "}
        <span className="font-mono">{shortSha(data.merge.headSha)}</span>.
      </p>
    );
  }

  function merge() {
    setError(null);
    startMerge(async () => {
      const result = await mergeTaskAction(taskId, { headSha: shownHead, method });
      if (!result.ok) setError(result.error.message);
      else router.refresh();
    });
  }

  return (
    <div className="space-y-3" data-testid="merge-box" data-mergeable={data.mergeable}>
      <ul className="space-y-1 text-sm" aria-label="Merge conditions">
        {data.conditions.map((condition) => (
          <li key={condition.key} data-testid="merge-condition" data-key={condition.key} data-state={condition.state} className="flex gap-2">
            <span aria-hidden className={`w-4 shrink-0 text-center font-semibold ${MARK[condition.state].className}`}>
              {MARK[condition.state].symbol}
            </span>
            <span>
              {condition.label}
              {condition.detail ? <span className="block text-xs text-slate-500">{condition.detail}</span> : null}
            </span>
          </li>
        ))}
      </ul>
      {canMerge ? (
        <div className="flex flex-wrap items-center gap-2">
          <Select aria-label="Merge method" value={method} onChange={(event) => setMethod(event.target.value as typeof method)} className="w-auto">
            <option value="merge">Merge commit</option>
            <option value="squash">Squash</option>
            <option value="rebase">Rebase</option>
          </Select>
          <Button type="button" onClick={merge} disabled={!data.mergeable || merging}>
            {merging ? "Merging…" : "Merge"}
          </Button>
          {shownHead && data.headSha !== shownHead ? <span className="text-xs text-amber-700">The branch has a newer head than this page shows: reload.</span> : null}
        </div>
      ) : null}
      {error ? (
        <p role="alert" data-testid="merge-error" className="text-sm text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}
