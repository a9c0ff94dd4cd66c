"use client";

import Link from "next/link";
import { Table } from "@/components/ui/table";
import type { TaskListFacts } from "@/lib/pipeline/list-facts";
import type { TaskStatus } from "@/lib/generated/prisma/enums";
import { TaskStatusBadge } from "./task-status-badge";

export interface TaskRow {
  id: string;
  name: string;
  branch: string;
  status: TaskStatus;
  repositoryName?: string;
  createdAt: string;
  facts?: TaskListFacts;
}

export interface TaskPage {
  items: TaskRow[];
  total: number;
  page: number;
  pageSize: number;
}

/** ✓ passed, ✗ failed, … pending: the head's checks at a glance, with a label for screen readers. */
export function ChecksSummary({ checks }: { checks: TaskListFacts["checks"] }) {
  const total = checks.passed + checks.failed + checks.pending;
  if (total === 0) return <span className="text-slate-500" aria-label="no checks">—</span>;
  const label = `${checks.passed} passed, ${checks.failed} failed, ${checks.pending} pending`;
  return (
    <span className="whitespace-nowrap font-mono text-xs" aria-label={label} title={label} data-testid="checks-summary">
      {checks.passed > 0 ? <span className="text-green-700">✓{checks.passed} </span> : null}
      {checks.failed > 0 ? <span className="text-red-700">✗{checks.failed} </span> : null}
      {checks.pending > 0 ? <span className="text-amber-700">…{checks.pending}</span> : null}
    </span>
  );
}

/** The tasks as a table; at phone width each row stacks (no sideways scroll of the page). */
export function TaskTable({ items }: { items: TaskRow[] }) {
  return (
    <Table stacked label="Tasks" columns={["Task", "Status", "Checks", "Approvals", "Run", "Blocked by", "Created"]}>
      {items.map((task) => (
        <tr key={task.id} data-testid="task-row" className="block py-2 sm:table-row sm:py-0">
          <td className="block pr-3 sm:table-cell sm:py-2">
            <Link href={`/tasks/${task.id}`} className="font-medium text-indigo-700 hover:underline">
              {task.name}
            </Link>
            <span className="block truncate font-mono text-xs text-slate-500">
              {task.repositoryName} · {task.branch}
            </span>
          </td>
          <td className="inline-block pr-3 sm:table-cell sm:py-2">
            <TaskStatusBadge status={task.status} />
          </td>
          <td className="inline-block pr-3 sm:table-cell sm:py-2">{task.facts ? <ChecksSummary checks={task.facts.checks} /> : null}</td>
          <td className="inline-block pr-3 text-xs text-slate-600 sm:table-cell sm:py-2">
            {task.facts ? <span aria-label={`${task.facts.approvals.given} of ${task.facts.approvals.required} approvals`}>{task.facts.approvals.given}/{task.facts.approvals.required} ✓</span> : null}
          </td>
          <td className="inline-block pr-3 text-xs text-slate-600 sm:table-cell sm:py-2">
            {task.facts?.activeRun ? `#${task.facts.activeRun.number} ${task.facts.activeRun.status}` : ""}
          </td>
          <td className="block pr-3 text-xs text-slate-600 sm:table-cell sm:py-2" data-testid="blocking">
            {task.facts?.blocking}
          </td>
          <td className="hidden text-xs text-slate-500 sm:table-cell sm:py-2">{new Date(task.createdAt).toLocaleString()}</td>
        </tr>
      ))}
    </Table>
  );
}

const LANES: Array<{ title: string; statuses: TaskStatus[] }> = [
  { title: "Draft", statuses: ["draft"] },
  { title: "Running", statuses: ["running"] },
  { title: "Checks", statuses: ["awaiting_checks", "checks_failed"] },
  { title: "Review", statuses: ["ready_for_review", "changes_requested", "approved"] },
  { title: "Done", statuses: ["merged", "closed"] },
];

/** The same tasks as a board by status: draft → running → checks → review → done. */
export function TaskBoard({ items }: { items: TaskRow[] }) {
  return (
    <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5" aria-label="Task board" role="list">
      {LANES.map((lane) => {
        const tasks = items.filter((task) => lane.statuses.includes(task.status));
        return (
          <section key={lane.title} role="listitem" aria-label={lane.title} className="min-w-0 rounded-md border border-slate-200 bg-slate-50 p-2" data-testid="board-lane">
            <h3 className="mb-2 text-xs font-semibold uppercase text-slate-500">
              {lane.title} <span className="font-normal">{tasks.length}</span>
            </h3>
            <ul className="space-y-2">
              {tasks.map((task) => (
                <li key={task.id} className="rounded border border-slate-200 bg-white p-2 text-sm shadow-sm" data-testid="board-card">
                  <Link href={`/tasks/${task.id}`} className="font-medium text-indigo-700 hover:underline">
                    {task.name}
                  </Link>
                  <div className="mt-1 flex flex-wrap items-center gap-2">
                    <TaskStatusBadge status={task.status} />
                    {task.facts ? <ChecksSummary checks={task.facts.checks} /> : null}
                  </div>
                  {task.facts?.blocking ? <p className="mt-1 text-xs text-slate-600">{task.facts.blocking}</p> : null}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
