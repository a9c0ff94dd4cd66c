"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { replyToCommentAction, resolveCommentAction } from "@/app/(app)/tasks/[id]/review-actions";
import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/field";
import type { PlacedComment } from "@/lib/review/dto";
import { ViaToken } from "@/components/via-token";

/** The threads on one line: each first comment with its replies, who wrote them when, on which head. */
export function CommentList({ comments, canResolve }: { comments: PlacedComment[]; canResolve: boolean }) {
  const threads = comments.filter((comment) => comment.parentId === null);
  return (
    <div className="space-y-3 border-y border-slate-200 bg-slate-50 px-4 py-2 font-sans text-sm">
      {threads.map((thread) => (
        <CommentThread key={thread.id} thread={thread} replies={comments.filter((comment) => comment.parentId === thread.id)} canResolve={canResolve} />
      ))}
    </div>
  );
}

function CommentThread({ thread, replies, canResolve }: { thread: PlacedComment; replies: PlacedComment[]; canResolve: boolean }) {
  const router = useRouter();
  const [replying, setReplying] = useState(false);
  return (
    <div data-testid="comment-thread" data-resolved={thread.resolved} className={thread.resolved ? "opacity-60" : ""}>
      {[thread, ...replies].map((comment) => (
        <div key={comment.id} data-testid="diff-comment" className={comment.parentId ? "ml-4 mt-1 border-l-2 border-slate-200 pl-3" : ""}>
          <span className="font-medium">{comment.author}</span> <ViaToken name={comment.viaToken} />{" "}
          <span className="text-xs text-slate-500">
            <time dateTime={comment.createdAt}>{new Date(comment.createdAt).toLocaleString()}</time> on {comment.headSha.slice(0, 12)}
            {comment.startLine !== null && !comment.parentId ? ` · lines ${comment.currentStartLine ?? comment.startLine}–${comment.currentLine ?? comment.line}` : ""}
          </span>
          {comment === thread && thread.resolved ? <span className="ml-1 text-xs text-green-700">resolved</span> : null}
          {comment === thread && canResolve ? <ResolveButton commentId={thread.id} resolved={thread.resolved} /> : null}
          <p className="whitespace-pre-wrap">{comment.body}</p>
          {comment.suggestion !== null ? (
            <div className="mt-1 rounded border border-green-200" data-testid="suggestion">
              <p className="border-b border-green-200 bg-green-50 px-2 py-0.5 text-xs text-green-800">Suggested change (the next run gets it verbatim)</p>
              <pre className="overflow-x-auto px-2 py-1 font-mono text-xs">{comment.suggestion}</pre>
            </div>
          ) : null}
        </div>
      ))}
      {canResolve && !thread.resolved ? (
        replying ? (
          <div className="ml-4 mt-1">
            <CommentDraft
              label={`Reply to ${thread.author}`}
              submitLabel="Reply"
              onCancel={() => setReplying(false)}
              onSubmit={async (body) => {
                const result = await replyToCommentAction(thread.id, { body });
                if (!result.ok) return result.error.fields?.body ?? result.error.message;
                setReplying(false);
                router.refresh();
                return null;
              }}
            />
          </div>
        ) : (
          <button type="button" className="mt-1 text-xs text-indigo-700 hover:underline" onClick={() => setReplying(true)}>
            Reply
          </button>
        )
      ) : null}
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

/**
 * The form under a clicked line (or range): the comment goes to the head the page shows. With
 * `suggestable` (the selected lines' text, new side only) it can carry a suggested replacement.
 */
export function CommentDraft({
  label,
  onSubmit,
  onCancel,
  suggestable = null,
  submitLabel = "Comment",
}: {
  label: string;
  onSubmit: (body: string, suggestion?: string) => Promise<string | null>;
  onCancel: () => void;
  suggestable?: string | null;
  submitLabel?: string;
}) {
  const [body, setBody] = useState("");
  const [suggestion, setSuggestion] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <form
      className="space-y-2 border-y border-indigo-200 bg-indigo-50 px-4 py-2 font-sans"
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => setError(await onSubmit(body, suggestion ?? undefined)));
      }}
    >
      <Textarea aria-label={label} rows={3} autoFocus value={body} onChange={(event) => setBody(event.target.value)} />
      {suggestion !== null ? (
        <Textarea aria-label="Suggested change" rows={Math.min(12, suggestion.split("\n").length + 1)} className="font-mono text-xs" value={suggestion} onChange={(event) => setSuggestion(event.target.value)} />
      ) : null}
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" disabled={pending}>
          {submitLabel}
        </Button>
        {suggestable !== null ? (
          <Button type="button" variant="secondary" aria-pressed={suggestion !== null} onClick={() => setSuggestion((current) => (current === null ? suggestable : null))}>
            {suggestion === null ? "Suggest a change" : "No suggestion"}
          </Button>
        ) : null}
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
