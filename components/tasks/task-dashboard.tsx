"use client";

import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { EmptyState } from "@/components/ui/card";
import { Input, Select } from "@/components/ui/field";
import { TaskStatus } from "@/lib/generated/prisma/enums";
import { TaskBoard, type TaskPage, TaskTable } from "./task-list";
import { api, queryKeys } from "@/components/api-client";

export interface TaskFilters {
  repositoryId?: string;
  status?: string;
  view?: "mine" | "review_requested";
  q?: string;
  page: number;
}

const VIEWS: Array<{ value: TaskFilters["view"]; label: string }> = [
  { value: undefined, label: "All tasks" },
  { value: "mine", label: "My tasks" },
  { value: "review_requested", label: "Waiting for my review" },
];

function queryString(filters: TaskFilters, page = filters.page): string {
  const params = new URLSearchParams();
  for (const key of ["repositoryId", "status", "view", "q"] as const) if (filters[key]) params.set(key, filters[key]!);
  if (page > 1) params.set("page", String(page));
  return params.toString();
}

const fetchTasks = (filters: TaskFilters) => api.tasks<TaskPage>(new URLSearchParams(queryString(filters)));

type Layout = "table" | "board";

/**
 * The dashboard's tasks: one-click views, filters that apply as you type or select (the address
 * follows, so a view can be shared), and a table or a board by status, remembered for this user.
 */
export function TaskDashboard({ userId, repositories, initialFilters, initialPage }: { userId: string; repositories: Array<{ id: string; name: string }>; initialFilters: TaskFilters; initialPage: TaskPage }) {
  const [filters, setFilters] = useState<TaskFilters>(initialFilters);
  const [search, setSearch] = useState(initialFilters.q ?? "");
  const [layout, setLayout] = useState<Layout>("table");
  const queryClient = useQueryClient();
  // The page the server just rendered (e.g. right after creating a task) is newer than a cached one.
  useEffect(() => {
    queryClient.setQueryData(queryKeys.tasks(initialFilters), initialPage);
  }, [queryClient, initialFilters, initialPage]);
  const layoutKey = `task-layout:${userId}`;
  useEffect(() => {
    if (window.localStorage.getItem(layoutKey) === "board") setLayout("board");
  }, [layoutKey]);
  useEffect(() => {
    const timer = setTimeout(() => setFilters((current) => (current.q ?? "") === search.trim() ? current : { ...current, q: search.trim() || undefined, page: 1 }), 200);
    return () => clearTimeout(timer);
  }, [search]);
  useEffect(() => {
    const query = queryString(filters);
    window.history.replaceState(null, "", query ? `/?${query}` : "/");
  }, [filters]);

  const { data, error, isFetching } = useQuery({
    queryKey: queryKeys.tasks(filters),
    queryFn: () => fetchTasks(filters),
    initialData: filters === initialFilters ? initialPage : undefined,
    placeholderData: keepPreviousData,
    refetchOnWindowFocus: true,
  });
  const change = (patch: Partial<TaskFilters>) => setFilters((current) => ({ ...current, ...patch, page: patch.page ?? 1 }));
  const chooseLayout = (next: Layout) => {
    setLayout(next);
    window.localStorage.setItem(layoutKey, next);
  };
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Views">
        {VIEWS.map((view) => (
          <button
            key={view.label}
            type="button"
            aria-pressed={filters.view === view.value}
            onClick={() => change({ view: view.value })}
            className="rounded-full border border-slate-300 px-3 py-1 text-sm text-slate-700 hover:bg-slate-100 aria-pressed:border-indigo-600 aria-pressed:bg-indigo-600 aria-pressed:text-white"
          >
            {view.label}
          </button>
        ))}
        <span className="ml-auto flex gap-1" role="group" aria-label="Layout">
          {(["table", "board"] as const).map((option) => (
            <button key={option} type="button" aria-pressed={layout === option} onClick={() => chooseLayout(option)} className="rounded border border-slate-300 px-2 py-1 text-xs capitalize text-slate-700 aria-pressed:bg-slate-200">
              {option}
            </button>
          ))}
        </span>
      </div>
      <div className="flex flex-wrap items-end gap-3" role="search" aria-label="Filters">
        <label className="text-sm">
          <span className="mb-1 block text-slate-600">Search</span>
          <Input type="search" value={search} onChange={(event) => setSearch(event.target.value)} placeholder="Name or branch" className="w-56 max-w-full" />
        </label>
        <label className="text-sm">
          <span className="mb-1 block text-slate-600">Repository</span>
          <Select value={filters.repositoryId ?? ""} onChange={(event) => change({ repositoryId: event.target.value || undefined })} className="max-w-full">
            <option value="">All repositories</option>
            {repositories.map((repository) => (
              <option key={repository.id} value={repository.id}>
                {repository.name}
              </option>
            ))}
          </Select>
        </label>
        <label className="text-sm">
          <span className="mb-1 block text-slate-600">Status</span>
          <Select value={filters.status ?? ""} onChange={(event) => change({ status: event.target.value || undefined })}>
            <option value="">Any status</option>
            {Object.values(TaskStatus).map((status) => (
              <option key={status} value={status}>
                {status.replaceAll("_", " ")}
              </option>
            ))}
          </Select>
        </label>
        {isFetching ? <span className="pb-2 text-xs text-slate-500" role="status">Loading…</span> : null}
      </div>
      {error ? <p className="text-sm text-red-600" role="alert">{error.message}</p> : null}
      {!data ? null : data.items.length === 0 ? (
        <EmptyState>
          {filters.view === "review_requested" ? "Nobody is waiting for your review." : filters.view === "mine" ? "You have no tasks matching these filters." : "No tasks match these filters yet."}
        </EmptyState>
      ) : layout === "board" ? (
        <TaskBoard items={data.items} />
      ) : (
        <TaskTable items={data.items} />
      )}
      {data && data.total > 0 ? (
        <nav className="flex items-center justify-between text-sm text-slate-600" aria-label="Pages">
          <span>
            {data.total} task{data.total === 1 ? "" : "s"} · page {data.page} of {pages}
          </span>
          <span className="flex gap-2">
            {data.page > 1 ? <Link href={`/?${queryString(filters, data.page - 1)}`} onClick={(event) => { event.preventDefault(); change({ page: data.page - 1 }); }}>← Previous</Link> : null}
            {data.page < pages ? <Link href={`/?${queryString(filters, data.page + 1)}`} onClick={(event) => { event.preventDefault(); change({ page: data.page + 1 }); }}>Next →</Link> : null}
          </span>
        </nav>
      ) : null}
    </div>
  );
}
