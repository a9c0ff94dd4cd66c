"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect } from "react";
import { EmptyState } from "@/components/ui/card";
import type { TaskStatus } from "@/lib/generated/prisma/enums";
import { TaskStatusBadge } from "./task-status-badge";
import { Table } from "@/components/ui/table";

export interface TaskRow {
  id: string;
  name: string;
  branch: string;
  status: TaskStatus;
  repositoryName?: string;
  createdAt: string;
}

export interface TaskPage {
  items: TaskRow[];
  total: number;
  page: number;
  pageSize: number;
}

export interface TaskFilters {
  repositoryId?: string;
  status?: string;
  page: number;
}

function queryString(filters: TaskFilters, page = filters.page): string {
  const params = new URLSearchParams();
  if (filters.repositoryId) params.set("repositoryId", filters.repositoryId);
  if (filters.status) params.set("status", filters.status);
  if (page > 1) params.set("page", String(page));
  return params.toString();
}

async function fetchTasks(filters: TaskFilters): Promise<TaskPage> {
  const response = await fetch(`/api/v1/tasks?${queryString(filters)}`, { headers: { accept: "application/json" } });
  if (!response.ok) throw new Error(`Could not load tasks (${response.status})`);
  return response.json();
}

export function TaskList({ filters, initialPage }: { filters: TaskFilters; initialPage: TaskPage }) {
  const queryClient = useQueryClient();
  // initialData only fills an empty cache: when the dashboard is visited again (e.g. right after
  // creating a task) the page the server just rendered is newer than the cached one, so it replaces it.
  useEffect(() => {
    queryClient.setQueryData(["tasks", filters], initialPage);
  }, [queryClient, filters, initialPage]);
  const { data, error } = useQuery({
    queryKey: ["tasks", filters],
    queryFn: () => fetchTasks(filters),
    initialData: initialPage,
    refetchOnWindowFocus: true,
  });
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));

  if (data.items.length === 0) return <EmptyState>No tasks match these filters yet.</EmptyState>;
  return (
    <div className="space-y-3">
      {error ? <p className="text-sm text-red-600">{error.message}</p> : null}
      <Table label="Tasks" columns={["Task", "Repository", "Branch", "Status", "Created"]}>
          {data.items.map((task) => (
            <tr key={task.id}>
              <td className="py-2 pr-3">
                <Link href={`/tasks/${task.id}`} className="font-medium text-indigo-700 hover:underline">
                  {task.name}
                </Link>
              </td>
              <td className="py-2 pr-3 text-slate-600">{task.repositoryName}</td>
              <td className="py-2 pr-3 font-mono text-xs text-slate-600">{task.branch}</td>
              <td className="py-2 pr-3">
                <TaskStatusBadge status={task.status} />
              </td>
              <td className="py-2 text-slate-500">{new Date(task.createdAt).toLocaleString()}</td>
            </tr>
          ))}
        </Table>
      <nav className="flex items-center justify-between text-sm text-slate-600" aria-label="Pages">
        <span>
          {data.total} task{data.total === 1 ? "" : "s"} · page {data.page} of {pages}
        </span>
        <span className="flex gap-2">
          {data.page > 1 ? <Link href={`/?${queryString(filters, data.page - 1)}`}>← Previous</Link> : null}
          {data.page < pages ? <Link href={`/?${queryString(filters, data.page + 1)}`}>Next →</Link> : null}
        </span>
      </nav>
    </div>
  );
}
