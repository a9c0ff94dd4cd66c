// The one way the browser talks to /api/v1: query keys, fetchers and live feeds, typed with the
// server's DTOs. Components use these instead of building URLs and casting what comes back.
import type { TaskChecksOverview } from "@/lib/checks/dto";
import type { MergeStatus } from "@/lib/merge/dto";
import type { NotificationList } from "@/lib/notifications/queries";
import type { TaskSnapshot } from "@/lib/pipeline/task-snapshot";
import type { RunDto } from "@/lib/runs/dto";

export const queryKeys = {
  tasks: (filters: unknown) => ["tasks", filters] as const,
  taskRuns: (taskId: string) => ["task-runs", taskId] as const,
  taskChecks: (taskId: string) => ["task-checks", taskId] as const,
  mergeStatus: (taskId: string) => ["merge-status", taskId] as const,
};

/** An answer other than 2xx, with the server's message when it sent one. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const taskPath = (taskId: string) => `/api/v1/tasks/${encodeURIComponent(taskId)}`;

async function request(path: string, what: string, init?: RequestInit): Promise<Response> {
  const response = await fetch(path, init);
  if (response.ok) return response;
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  throw new ApiRequestError(response.status, `Could not ${what} (${response.status})${body?.error?.message ? `: ${body.error.message}` : ""}`);
}

async function getJson<T>(path: string, what: string): Promise<T> {
  return (await (await request(path, what, { headers: { accept: "application/json" } })).json()) as T;
}

export const api = {
  tasks: <Page>(query: URLSearchParams) => getJson<Page>(`/api/v1/tasks?${query}`, "load tasks"),
  taskRuns: async (taskId: string) => (await getJson<{ items: RunDto[] }>(`${taskPath(taskId)}/runs`, "load runs")).items,
  checksOverview: (taskId: string) => getJson<TaskChecksOverview>(`${taskPath(taskId)}/checks/overview`, "load checks"),
  mergeStatus: (taskId: string) => getJson<MergeStatus>(`${taskPath(taskId)}/merge`, "load the merge conditions"),
  /** The unified patch of some files of the task's diff (text/x-diff). */
  diffPatch: async (taskId: string, query: URLSearchParams) => (await request(`${taskPath(taskId)}/diff?${query}`, "load the diff")).text(),
  markNotificationsRead: async (ids?: string[]) => {
    await request("/api/v1/notifications/read", "mark notifications read", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(ids ? { ids } : {}) });
  },
};

/** Live feeds (Server-Sent Events): each calls back with the parsed event and returns the closer. */
export const feeds = {
  task(taskId: string, onSnapshot: (snapshot: TaskSnapshot) => void): () => void {
    const source = new EventSource(`${taskPath(taskId)}/events`);
    source.addEventListener("task", (event) => onSnapshot(JSON.parse((event as MessageEvent<string>).data) as TaskSnapshot));
    return () => source.close();
  },
  notifications(onList: (list: NotificationList) => void): () => void {
    const source = new EventSource("/api/v1/notifications/events");
    source.addEventListener("notifications", (event) => onList(JSON.parse((event as MessageEvent<string>).data) as NotificationList));
    return () => source.close();
  },
};

/** A run's or a check's log: its stream (`log`, `status` and `end` events; resumes after Last-Event-ID) and its text. */
export function logUrls(kind: LogKind, id: string) {
  const base = `/api/v1/${kind}/${encodeURIComponent(id)}`;
  return { events: `${base}/events`, text: `${base}/log.txt` };
}

export type LogKind = "runs" | "check-runs";
