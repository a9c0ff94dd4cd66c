import type { Metadata } from "next";
import Link from "next/link";
import { ResolveButton } from "@/components/diff/comment-thread";
import { DiffViewer } from "@/components/diff/diff-viewer";
import { RunPicker } from "@/components/diff/run-picker";
import { CompactChecklist } from "@/components/merge/compact-checklist";
import { ReviewPanel } from "@/components/review/review-panel";
import { LiveTaskStatus, TaskLive } from "@/components/tasks/task-live";
import { Card, EmptyState } from "@/components/ui/card";
import { firstPaintTaskSnapshot } from "@/lib/pipeline/task-snapshot";
import { approvalProblem } from "@/lib/review/eligibility";
import { requirePageActor } from "@/lib/auth/page-actor";
import { can } from "@/lib/auth/permissions";
import { taskDiffOpening } from "@/lib/review/diff/task-diff";
import { taskReviews } from "@/lib/review/queries";
import { listTaskRuns } from "@/lib/runs/queries";
import { pageTask } from "../page-task";
import { isTaskOpen } from "@/lib/tasks/task-open";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `${(await pageTask((await params).id)).name} · Diff` };
}

export default async function TaskDiffPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ run?: string; since?: string }> }) {
  const actor = await requirePageActor();
  const { id } = await params;
  const query = await searchParams;
  const runId = query.run ?? null;
  const scope = runId ? { run: runId } : query.since ? { since: query.since } : {};
  const task = await pageTask(id);
  const runs = (await listTaskRuns(actor, task.id)).filter((run) => run.headSha && run.startSha && run.headSha !== run.startSha);
  const open = isTaskOpen(task.status);
  const header = (
    <div className="space-y-1">
      <Link href={`/tasks/${task.id}`} className="text-sm text-indigo-700 hover:underline">
        ← {task.name}
      </Link>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">
          Diff of <span className="font-mono">{task.branch}</span>
        </h1>
        <RunPicker taskId={task.id} runId={runId} runs={runs.map((run) => ({ id: run.id, number: run.number }))} />
      </div>
    </div>
  );
  if (!task.headSha) return (<>{header}<EmptyState>Nothing to diff yet: no run has pushed a commit.</EmptyState></>);
  const [{ diff, openingPatch }, reviews, snapshot] = await Promise.all([taskDiffOpening(actor, task.id, scope), taskReviews(actor, task.id), firstPaintTaskSnapshot(actor, task.id)]);
  // The head this person last reviewed, when the branch moved since: offer only what changed after it.
  const mine = reviews.reviews.find((review) => review.author === actor.email);
  const lastReviewed = mine?.stale ? mine.headSha : null;
  return (
    <TaskLive taskId={task.id} initial={snapshot}>
      {header}
      {runId ? null : query.since ? (
        <p className="text-sm" data-testid="since-review">
          Showing the changes since <span className="font-mono">{query.since.slice(0, 12)}</span>, the head you last reviewed.{" "}
          <Link className="text-indigo-700 hover:underline" href={`/tasks/${task.id}/diff`}>
            Show all changes
          </Link>
        </p>
      ) : lastReviewed ? (
        <p className="text-sm" data-testid="since-review">
          <Link className="text-indigo-700 hover:underline" href={`/tasks/${task.id}/diff?since=${lastReviewed}`}>
            Show only the changes since your last review ({lastReviewed.slice(0, 12)})
          </Link>
        </p>
      ) : null}
      {runId ? null : (
        <Card title={<span className="flex flex-wrap items-center gap-2">Review <LiveTaskStatus /></span>}>
          <div className="space-y-3">
            <CompactChecklist />
            <ReviewPanel taskId={task.id} data={reviews} canDecide={can(actor, "review.decide")} open={open} approveBlockedBy={approvalProblem(actor, task)} onDiffPage />
          </div>
        </Card>
      )}
      <DiffViewer
        taskId={task.id}
        scope={scope}
        diff={diff}
        openingPatch={openingPatch}
        headSha={task.headSha}
        comments={reviews.comments}
        canComment={open && can(actor, "review.comment")}
        canApprove={open && approvalProblem(actor, task) === null}
      />
      {reviews.comments.some((comment) => comment.outdated) ? (
        <details className="text-sm" open>
          <summary className="cursor-pointer text-slate-600">Outdated comments (their lines changed since)</summary>
          <ul className="mt-2 space-y-1">
            {reviews.comments
              .filter((comment) => comment.outdated)
              .map((comment) => (
                <li key={comment.id} data-testid="outdated-comment">
                  <span className="font-mono">
                    {comment.path}:{comment.line}
                  </span>{" "}
                  on {comment.headSha.slice(0, 12)} — {comment.author}: {comment.body}
                  {open && can(actor, "review.comment") ? <ResolveButton commentId={comment.id} resolved={comment.resolved} /> : null}
                </li>
              ))}
          </ul>
        </details>
      ) : null}
    </TaskLive>
  );
}
