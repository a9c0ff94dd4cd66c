"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/field";
import type { PlacedComment } from "@/lib/review/queries";

export function CommentList({ comments }: { comments: PlacedComment[] }) {
  return (
    <div className="space-y-2 border-y border-slate-200 bg-slate-50 px-4 py-2 font-sans text-sm">
      {comments.map((comment) => (
        <div key={comment.id} data-testid="diff-comment">
          <span className="font-medium">{comment.author}</span>{" "}
          <span className="text-xs text-slate-500">on {comment.headSha.slice(0, 12)}</span>
          <p className="whitespace-pre-wrap">{comment.body}</p>
        </div>
      ))}
    </div>
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
