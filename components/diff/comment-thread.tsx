"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { resolveCommentAction } from "@/app/(app)/tasks/[id]/review-actions";
import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/field";
import type { PlacedComment } from "@/lib/review/queries";

export function CommentList({ comments, canResolve }: { comments: PlacedComment[]; canResolve: boolean }) {
  return (
    <div className="space-y-2 border-y border-slate-200 bg-slate-50 px-4 py-2 font-sans text-sm">
      {comments.map((comment) => (
        <div key={comment.id} data-testid="diff-comment" data-resolved={comment.resolved} className={comment.resolved ? "opacity-60" : ""}>
          <span className="font-medium">{comment.author}</span>{" "}
          <span className="text-xs text-slate-500">on {comment.headSha.slice(0, 12)}</span>
          {comment.resolved ? <span className="ml-1 text-xs text-green-700">resolved</span> : null}
          {canResolve ? <ResolveButton commentId={comment.id} resolved={comment.resolved} /> : null}
          <p className="whitespace-pre-wrap">{comment.body}</p>
        </div>
      ))}
    </div>
  );
}

/** Resolved comments stay visible but are no longer sent to the agent. */
export function ResolveButton({ commentId, resolved }: { commentId: string; resolved: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <button
      type="button"
      className="ml-2 text-xs text-indigo-700 hover:underline disabled:text-slate-400"
      disabled={pending}
      onClick={() =>
        startTransition(async () => {
          const result = await resolveCommentAction(commentId, !resolved);
          if (result.ok) router.refresh();
        })
      }
    >
      {resolved ? "Reopen" : "Resolve"}
    </button>
  );
}

/** The form under a clicked line: the comment goes to that line of the head the page shows. */
export function CommentDraft({ label, onSubmit, onCancel }: { label: string; onSubmit: (body: string) => Promise<string | null>; onCancel: () => void }) {
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <form
      className="space-y-2 border-y border-indigo-200 bg-indigo-50 px-4 py-2 font-sans"
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => setError(await onSubmit(body)));
      }}
    >
      <Textarea aria-label={label} rows={3} autoFocus value={body} onChange={(event) => setBody(event.target.value)} />
      <div className="flex items-center gap-2">
        <Button type="submit" disabled={pending}>
          Comment
        </Button>
        <Button type="button" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        {error ? (
          <span role="alert" className="text-sm text-red-600">
            {error}
          </span>
        ) : null}
      </div>
    </form>
  );
}
