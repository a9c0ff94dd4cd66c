"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { submitReviewAction } from "@/app/(app)/tasks/[id]/review-actions";
import { shortSha } from "@/components/runs/log-format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { Textarea } from "@/components/ui/field";
import type { TaskReviews } from "@/lib/review/queries";
import { ViaToken } from "@/components/via-token";

/** The task's reviews (stale ones marked) and, for reviewers, approve / request changes on the head shown. */
export function ReviewPanel({
  taskId,
  data,
  canDecide,
  open,
  approveBlockedBy,
  onDiffPage = false,
}: {
  taskId: string;
  data: TaskReviews;
  canDecide: boolean;
  open: boolean;
  /** Why this person's approval would not count (their own task, …): Approve is shown disabled with it. */
  approveBlockedBy: string | null;
  /** On the diff page itself: no link to it. */
  onDiffPage?: boolean;
}) {
  const router = useRouter();
  const [body, setBody] = useState("");
  const [spawnRun, setSpawnRun] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const openComments = data.comments.filter((comment) => !comment.resolved);

  function decide(decision: "approve" | "request_changes") {
    setError(null);
    startTransition(async () => {
      const result = await submitReviewAction(taskId, { decision, body, headSha: data.headSha, spawnRun });
      if (!result.ok) {
        setError(result.error.fields?.body ?? result.error.message);
        return;
      }
      setBody("");
      router.refresh();
    });
  }

  if (!data.headSha) return <EmptyState>Nothing to review yet: no run has pushed a commit.</EmptyState>;
  return (
    <div className="space-y-4" data-testid="review-panel">
      <p className="text-sm">
        {onDiffPage ? (
          <span className="font-medium">
            Reviewing head <span className="font-mono">{shortSha(data.headSha)}</span>
          </span>
        ) : (
          <Link className="font-medium text-indigo-700 hover:underline" href={`/tasks/${taskId}/diff`}>
            Review the diff of {shortSha(data.headSha)} →
          </Link>
        )}{" "}
        <span className="text-slate-500">
          {openComments.length} open comment{openComments.length === 1 ? "" : "s"}
          {openComments.some((comment) => comment.outdated) ? `, ${openComments.filter((comment) => comment.outdated).length} outdated` : ""}
        </span>
      </p>
      {data.reviews.length > 0 ? (
        <ul className="space-y-2 text-sm" aria-label="Reviews">
          {data.reviews.map((review) => (
            <li key={review.id} data-testid="review" data-decision={review.decision} data-stale={review.stale} className={review.stale ? "opacity-60" : ""}>
              <div className="flex flex-wrap items-center gap-2">
                <Badge tone={review.decision === "approve" ? "green" : "amber"}>{review.decision === "approve" ? "approved" : "changes requested"}</Badge>
                <span>{review.author}</span>
                <ViaToken name={review.viaToken} />
                <span className="font-mono text-xs text-slate-500">on {shortSha(review.headSha)}</span>
                {review.stale ? <Badge>stale: an earlier head</Badge> : null}
              </div>
              {review.body ? <p className="mt-1 whitespace-pre-wrap text-slate-700">{review.body}</p> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {canDecide && open ? (
        <div className="space-y-2">
          <Textarea aria-label="Review summary" rows={3} placeholder="Summary (required to request changes)" value={body} onChange={(event) => setBody(event.target.value)} />
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={spawnRun} onChange={(event) => setSpawnRun(event.target.checked)} />
            When requesting changes, start the next run at once with this feedback and the open comments
          </label>
          <div className="flex flex-wrap items-center gap-2">
            <Button type="button" onClick={() => decide("approve")} disabled={pending || !!approveBlockedBy} aria-describedby={approveBlockedBy ? "approve-blocked" : undefined}>
              Approve
            </Button>
            <Button type="button" variant="secondary" onClick={() => decide("request_changes")} disabled={pending}>
              Request changes
            </Button>
            {approveBlockedBy ? (
              <p id="approve-blocked" className="text-sm text-slate-600">
                {approveBlockedBy}
              </p>
            ) : null}
          </div>
          {error ? (
            <p role="alert" className="text-sm text-red-600">
              {error}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
