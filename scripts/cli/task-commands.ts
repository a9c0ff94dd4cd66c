import { readFile } from "node:fs/promises";
import { CliError, EXIT, request, requestJson, type Connection } from "./client.ts";
import { colorDiff, paint, type Output } from "./output.ts";
import { serverSentEvents } from "./sse.ts";

interface Task {
  id: string;
  name: string;
  branch: string;
  status: string;
  headSha: string | null;
  repositoryName?: string;
}
interface Check {
  name: string;
  status: string;
  conclusion: string | null;
  required: boolean;
  junit: { failures: Array<{ name: string; message: string }> } | null;
}
interface Snapshot {
  status: string;
  headSha: string | null;
  runs: Array<{ id: string; number: number; status: string }>;
  checks: { checks: Check[] };
}

// Where `task wait` stops, and the exit code each outcome gives.
const OUTCOMES: Record<string, number> = {
  ready_for_review: EXIT.ok,
  approved: EXIT.ok,
  merged: EXIT.ok,
  checks_failed: EXIT.checksFailed,
  changes_requested: EXIT.changesRequested,
  closed: EXIT.closed,
};

export async function createTask(conn: Connection, out: Output, flags: { repo?: string; spec?: string; agent?: string; timeout?: string; spawn?: boolean; wait?: boolean; "wait-timeout"?: string }) {
  if (!flags.repo || !flags.spec) throw new CliError("task create needs --repo <repository id> and --spec <spec.md>", EXIT.usage);
  const markdown = await readFile(flags.spec, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new CliError(`Cannot read ${flags.spec}: ${error.code === "ENOENT" ? "no such file" : error.message}`, EXIT.usage);
  });
  const input = { repositoryId: flags.repo, markdown, agent: agentOption(flags.agent), timeoutSeconds: flags.timeout === undefined ? undefined : Number(flags.timeout) };
  const task = await requestJson<Task & { unmapped: Array<{ line: number; text: string; reason: string }> }>(conn, "POST", "/api/v1/tasks", { json: input });
  let run: { id: string; number: number; status: string } | null = null;
  if (flags.spawn || flags.wait) run = (await requestJson<{ run: { id: string; number: number; status: string } }>(conn, "POST", `/api/v1/tasks/${task.id}/runs`)).run;
  if (!flags.wait) {
    if (out.json) out.data({ task, run });
    else {
      out.print(`Created task ${task.id} on ${task.branch}${run ? `; run #${run.number} (${run.id}) ${run.status}` : ""}.`);
      for (const line of task.unmapped) out.print(paint(out, "yellow", `  line ${line.line} not used: ${line.reason}`));
    }
    return EXIT.ok;
  }
  return waitTask(conn, out, task.id, { timeout: flags["wait-timeout"] });
}

/** `--agent codex`, or a whole agent spec as JSON: `--agent '{"kind":"script","script":"make fix"}'`. */
function agentOption(value: string | undefined): unknown {
  if (value === undefined) return undefined;
  if (!value.trimStart().startsWith("{")) return { kind: value };
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw new CliError("--agent is an agent kind (claude-code, codex, …) or a JSON agent spec", EXIT.usage);
  }
}

export async function showTask(conn: Connection, out: Output, id: string) {
  const [task, snapshot] = await Promise.all([requestJson<Task>(conn, "GET", `/api/v1/tasks/${id}`), firstSnapshot(conn, id)]);
  if (out.json) {
    out.data({ task, ...snapshot });
    return EXIT.ok;
  }
  out.print(`${paint(out, "bold", task.name)} (${task.id})`);
  out.print(`${task.branch} in ${task.repositoryName ?? "?"}: ${statusText(out, snapshot.status)}${snapshot.headSha ? ` at ${snapshot.headSha.slice(0, 12)}` : ""}`);
  const latest = snapshot.runs[0];
  if (latest) out.print(`latest run #${latest.number} (${latest.id}): ${latest.status}`);
  for (const check of snapshot.checks.checks) out.print(`  ${checkLine(out, check)}`);
  return EXIT.ok;
}

export async function listTasks(conn: Connection, out: Output, flags: { repo?: string; status?: string; mine?: boolean; page?: string }) {
  const query = new URLSearchParams();
  if (flags.repo) query.set("repositoryId", flags.repo);
  if (flags.status) query.set("status", flags.status);
  if (flags.mine) query.set("view", "mine");
  if (flags.page) query.set("page", flags.page);
  const page = await requestJson<{ items: Task[]; total: number; page: number }>(conn, "GET", `/api/v1/tasks?${query}`);
  if (out.json) out.data(page);
  else {
    for (const task of page.items) out.print(`${task.id}  ${statusText(out, task.status).padEnd(out.color ? 26 : 17)}  ${task.branch}  ${task.name}`);
    out.print(paint(out, "dim", `${page.items.length} of ${page.total} (page ${page.page})`));
  }
  return EXIT.ok;
}

export async function taskDiff(conn: Connection, out: Output, id: string, flags: { stat?: boolean }) {
  if (flags.stat || out.json) {
    const diff = await requestJson<{ files: Array<{ path: string; status: string; additions: number; deletions: number }>; totals: { files: number; additions: number; deletions: number } }>(
      conn,
      "GET",
      `/api/v1/tasks/${id}/diff?format=json`,
    );
    if (out.json) out.data(diff);
    else {
      for (const file of diff.files) out.print(` ${file.path} | ${paint(out, "green", `+${file.additions}`)} ${paint(out, "red", `-${file.deletions}`)}`);
      out.print(` ${diff.totals.files} file(s) changed, ${diff.totals.additions} insertion(s)(+), ${diff.totals.deletions} deletion(s)(-)`);
    }
    return EXIT.ok;
  }
  const patch = await (await request(conn, "GET", `/api/v1/tasks/${id}/diff`)).text();
  process.stdout.write(colorDiff(out, patch));
  return EXIT.ok;
}

export async function taskChecks(conn: Connection, out: Output, id: string) {
  const overview = await requestJson<{ checks: Check[]; criteria: Array<{ text: string; state: string }> }>(conn, "GET", `/api/v1/tasks/${id}/checks/overview`);
  if (out.json) out.data(overview);
  else {
    if (overview.checks.length === 0) out.print("No checks on the current head yet.");
    for (const check of overview.checks) {
      out.print(checkLine(out, check));
      for (const failure of check.junit?.failures ?? []) out.print(paint(out, "red", `  ✗ ${failure.name}: ${failure.message.split("\n")[0]}`));
    }
    for (const criterion of overview.criteria) out.print(`[${criterion.state === "met" ? "x" : " "}] ${criterion.text} (${criterion.state})`);
  }
  const failed = overview.checks.some((check) => check.required && check.conclusion !== null && !["success", "skipped", "neutral"].includes(check.conclusion));
  return failed ? EXIT.checksFailed : EXIT.ok;
}

/**
 * Follows the task's live feed until it settles (ready for review, approved, merged, checks failed,
 * changes requested or closed): its exit code says which. Times out after `timeout` seconds (default 30 min).
 */
export async function waitTask(conn: Connection, out: Output, id: string, flags: { timeout?: string }) {
  const seconds = flags.timeout ? Number(flags.timeout) : 1800;
  if (!Number.isFinite(seconds) || seconds <= 0) throw new CliError("--timeout must be a number of seconds", EXIT.usage);
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), seconds * 1000);
  let last: Snapshot | null = null;
  try {
    const response = await request(conn, "GET", `/api/v1/tasks/${id}/events`, { signal: abort.signal });
    for await (const event of serverSentEvents(response)) {
      if (event.event !== "task") continue;
      const snapshot = JSON.parse(event.data) as Snapshot;
      if (!out.json && snapshot.status !== last?.status) out.print(`${new Date().toISOString().slice(11, 19)} ${statusText(out, snapshot.status)}${snapshot.headSha ? ` at ${snapshot.headSha.slice(0, 12)}` : ""}`);
      last = snapshot;
      const code = OUTCOMES[snapshot.status];
      if (code !== undefined) {
        if (out.json) out.data(snapshot);
        return code;
      }
    }
  } catch (error) {
    if (!abort.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
  if (out.json) out.data(last);
  else out.print(`Still ${last?.status ?? "unknown"} after ${seconds} s.`);
  return EXIT.timedOut;
}

export async function mergeTask(conn: Connection, out: Output, id: string, flags: { head?: string; method?: string }) {
  if (!flags.head) throw new CliError("task merge needs --head <the full SHA you reviewed>", EXIT.usage);
  const result = await requestJson<{ merge: { mergeSha: string; method: string }; note: string | null }>(conn, "POST", `/api/v1/tasks/${id}/merge`, { json: { headSha: flags.head, method: flags.method ?? "merge" } });
  if (out.json) out.data(result);
  else out.print(`Merged (${result.merge.method}) as ${result.merge.mergeSha}.${result.note ? ` ${result.note}` : ""}`);
  return EXIT.ok;
}

async function firstSnapshot(conn: Connection, id: string): Promise<Snapshot> {
  const abort = new AbortController();
  try {
    const response = await request(conn, "GET", `/api/v1/tasks/${id}/events`, { signal: abort.signal });
    for await (const event of serverSentEvents(response)) if (event.event === "task") return JSON.parse(event.data) as Snapshot;
    throw new CliError("The task's feed ended before its state arrived.", EXIT.failed);
  } finally {
    abort.abort();
  }
}

function statusText(out: Output, status: string): string {
  if (status === "checks_failed" || status === "closed") return paint(out, "red", status);
  if (status === "ready_for_review" || status === "approved" || status === "merged") return paint(out, "green", status);
  return paint(out, "yellow", status);
}

function checkLine(out: Output, check: Check): string {
  const state = check.conclusion ?? check.status;
  const painted = state === "success" ? paint(out, "green", state) : check.conclusion && state !== "skipped" && state !== "neutral" ? paint(out, "red", state) : paint(out, "yellow", state);
  return `${check.name}: ${painted}${check.required ? "" : " (optional)"}`;
}
