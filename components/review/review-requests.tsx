"use client";

import { useState, useTransition } from "react";
import { requestReviewAction } from "@/app/(app)/tasks/[id]/review-actions";
import { shortSha } from "@/components/runs/log-format";
import { useTaskSnapshot } from "@/components/tasks/task-live";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { Select } from "@/components/ui/field";

/** Who is asked to review and who reviewed which head (live); the author or an operator asks more. */
export function ReviewRequests({ taskId, candidates, canRequest }: { taskId: string; candidates: Array<{ id: string; email: string }>; canRequest: boolean }) {
  const { reviewRequests } = useTaskSnapshot();
  const [reviewerId, setReviewerId] = useState("");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const available = candidates.filter((candidate) => !reviewRequests.some((request) => request.reviewer.id === candidate.id));

  function request() {
    setMessage(null);
    startTransition(async () => {
      const result = await requestReviewAction(taskId, { userIds: [reviewerId] });
      const email = candidates.find((candidate) => candidate.id === reviewerId)?.email;
      setMessage(result.ok ? { ok: true, text: `Asked ${email} to review.` } : { ok: false, text: result.error.fields?.userIds ?? result.error.message });
      if (result.ok) setReviewerId("");
    });
  }

  return (
    <div className="space-y-3" data-testid="review-requests">
      {reviewRequests.length === 0 ? (
        <EmptyState>Nobody is asked to review yet.</EmptyState>
      ) : (
        <ul className="space-y-1 text-sm" aria-label="Requested reviewers">
          {reviewRequests.map((request) => (
            <li key={request.reviewer.id} className="flex flex-wrap items-center gap-2" data-testid="requested-reviewer">
              <span>{request.reviewer.email}</span>
              {request.latestReview ? (
                <>
                  <Badge tone={request.latestReview.decision === "approve" ? "green" : "amber"}>{request.latestReview.decision === "approve" ? "approved" : "changes requested"}</Badge>
                  <span className="font-mono text-xs text-slate-500">
                    on {shortSha(request.latestReview.headSha)}
                    {request.latestReview.onCurrentHead ? "" : " (an earlier head)"}
                  </span>
                </>
              ) : (
                <Badge tone="gray">waiting</Badge>
              )}
            </li>
          ))}
        </ul>
      )}
      {canRequest ? (
        available.length === 0 ? (
          <p className="text-xs text-slate-500">{candidates.length === 0 ? "No maintainer other than the author can approve this task: an admin adds one on the Users page." : "Everyone who can approve is asked."}</p>
        ) : (
          <div className="flex flex-wrap items-center gap-2">
            <Select aria-label="Reviewer" value={reviewerId} onChange={(event) => setReviewerId(event.target.value)} className="max-w-full">
              <option value="">Choose a reviewer…</option>
              {available.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.email}
                </option>
              ))}
            </Select>
            <Button type="button" variant="secondary" onClick={request} disabled={pending || !reviewerId}>
              Request review
            </Button>
          </div>
        )
      ) : null}
      {message ? (
        <p role={message.ok ? "status" : "alert"} className={`text-sm ${message.ok ? "text-green-700" : "text-red-600"}`}>
          {message.text}
        </p>
      ) : null}
    </div>
  );
}
