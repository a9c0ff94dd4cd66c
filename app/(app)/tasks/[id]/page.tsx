import type { Metadata } from "next";
import Link from "next/link";
import { ChecksPanel } from "@/components/checks/checks-panel";
import { CriteriaList } from "@/components/checks/criteria-list";
import { MergeBox } from "@/components/merge/merge-box";
import { ReviewPanel } from "@/components/review/review-panel";
import { RunsPanel } from "@/components/runs/runs-panel";
import { MergeBlockers } from "@/components/merge/merge-blockers";
import { ReviewRequests } from "@/components/review/review-requests";
import { CloseTask } from "@/components/tasks/close-task";
import { LiveTaskStatus, TaskLive } from "@/components/tasks/task-live";
import { Card, EmptyState } from "@/components/ui/card";
import { requirePageActor } from "@/lib/auth/page-actor";
import { can } from "@/lib/auth/permissions";
import { taskSnapshot } from "@/lib/pipeline/task-snapshot";
import { approvalProblem } from "@/lib/review/eligibility";
import { taskReviews } from "@/lib/review/queries";
import { eligibleReviewers } from "@/lib/review/review-request-queries";
import { isTaskOpen } from "@/lib/tasks/task-open";
import { taskPrompt } from "@/lib/tasks/task-prompt";
import type { FileChange } from "@/lib/tasks/spec-schema";
import type { AgentSpec } from "@/lib/agents/agent-schema";
import { pageTask } from "./page-task";
import { ViaToken } from "@/components/via-token";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `${(await pageTask((await params).id)).name} · Task` };
}

export default async function TaskPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ run?: string; check?: string }> }) {
  const actor = await requirePageActor();
  const task = await pageTask((await params).id);
  const linked = await searchParams;
  const [snapshot, reviews, candidates] = await Promise.all([taskSnapshot(actor, task.id), taskReviews(actor, task.id), eligibleReviewers(actor, task.id)]);
  const { runs, checks, merge } = snapshot;
  const open = isTaskOpen(snapshot.status);
  const files = task.files as unknown as FileChange[];
  const agent = task.agent as unknown as AgentSpec;
  const prompt = taskPrompt(task);

  return (
    <TaskLive taskId={task.id} initial={snapshot}>
      <div className="space-y-1">
        <Link href="/" className="text-sm text-indigo-700 hover:underline">
          ← Dashboard
        </Link>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-xl font-semibold">{task.name}</h1>
          <LiveTaskStatus />
          {can(actor, "task.close") && snapshot.status !== "merged" ? (
            <span className="ml-auto">
              <CloseTask taskId={task.id} closed={snapshot.status === "closed"} />
            </span>
          ) : null}
        </div>
        <p className="text-sm text-slate-600">
          <span className="font-mono">{task.branch}</span> → <span className="font-mono">{task.repository.baseBranch}</span> in{" "}
          <Link className="text-indigo-700 underline decoration-indigo-300 underline-offset-2 hover:decoration-indigo-700" href={`/repositories/${task.repository.id}`}>
            {task.repository.name}
          </Link>{" "}
          · by {task.author.email} <ViaToken name={task.viaToken} /> · {task.createdAt.toLocaleString()}
        </p>
      </div>
      <MergeBlockers taskId={task.id} />

      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <div className="space-y-6">
          <Card
            title="Goal"
            actions={
              <a className="text-sm text-indigo-700 underline decoration-indigo-300 underline-offset-2 hover:decoration-indigo-700" href={`/api/v1/tasks/${task.id}/spec.md`} download={`${task.branch.replace(/\//g, "-")}.md`}>
                Spec as Markdown
              </a>
            }
          >
            <p className="whitespace-pre-wrap text-sm">{task.goal}</p>
            {task.context ? (
              <>
                <h3 className="mt-4 text-sm font-semibold">Context</h3>
                <p className="whitespace-pre-wrap text-sm">{task.context}</p>
              </>
            ) : null}
          </Card>
          <Card title="Files to modify">
            {files.length === 0 ? (
              <EmptyState>None named: the agent decides.</EmptyState>
            ) : (
              <ul className="space-y-1 text-sm">
                {files.map((file) => (
                  <li key={file.path}>
                    <span className="font-mono">{file.path}</span>: {file.change}
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card title="Runs" id="runs">
            <RunsPanel
              taskId={task.id}
              initialRuns={runs}
              initialSelectedId={linked.run ?? null}
              canSpawn={open && can(actor, "run.spawn")}
              canCancel={can(actor, "run.cancel")}
              budgetUsd={task.budgetUsd}
            />
          </Card>
          <Card title="Checks" id="checks">
            <ChecksPanel taskId={task.id} initial={checks} canRerun={open && can(actor, "check.rerun")} initialOpenLog={linked.check ?? null} />
          </Card>
          <Card title="Review" id="review">
            <ReviewPanel taskId={task.id} data={reviews} canDecide={can(actor, "review.decide")} open={open} approveBlockedBy={approvalProblem(actor, task)} />
          </Card>
          <Card title="Merge" id="merge">
            <MergeBox taskId={task.id} initial={merge} canMerge={can(actor, "task.merge")} />
          </Card>
        </div>
        <div className="space-y-6">
          <Card title="Reviewers">
            <ReviewRequests taskId={task.id} candidates={candidates} canRequest={open && can(actor, "review.request")} />
          </Card>
          <Card title="Acceptance criteria">
            <CriteriaList taskId={task.id} initial={checks} />
          </Card>
          <Card title="Agent">
            <dl className="space-y-1 text-sm">
              <div>
                <dt className="inline text-slate-500">Kind: </dt>
                <dd className="inline">{agent.kind}</dd>
              </div>
              <div>
                <dt className="inline text-slate-500">Timeout: </dt>
                <dd className="inline">{task.timeoutSeconds} s</dd>
              </div>
              <div>
                <dt className="inline text-slate-500">Auto-fix: </dt>
                <dd className="inline" data-testid="auto-fix">
                  {task.autoFixAttempts === 0 ? "off" : `${runs.filter((run) => run.trigger === "autofix").length} of ${task.autoFixAttempts} attempts used`}
                </dd>
              </div>
            </dl>
            <pre className="mt-2 max-h-48 overflow-auto rounded bg-slate-900 p-2 font-mono text-xs text-slate-100">
              {agentDescription(agent)}
            </pre>
          </Card>
          <Card title="Agent prompt">
            <details>
              <summary className="cursor-pointer text-sm text-slate-600">Show the prompt this spec renders to</summary>
              <pre className="mt-2 whitespace-pre-wrap font-mono text-xs text-slate-700">{prompt}</pre>
            </details>
          </Card>
        </div>
      </div>
    </TaskLive>
  );
}

function agentDescription(agent: AgentSpec): string {
  if (agent.kind === "script") return agent.script;
  if (agent.kind === "command") return JSON.stringify(agent.argv);
  const { kind, ...options } = agent;
  return Object.entries(options).map(([name, value]) => `${name}: ${String(value)}`).join("\n") || `${kind} with default options`;
}
