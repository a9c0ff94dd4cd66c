// The whole pipeline under load, as the product is used: the built app with its in-process worker and
// standalone workers beside it, tasks going run → checks → (failing, auto-fixed) → approval by a second
// user → merge, while clients read lists and follow SSE streams. Used by bench/soak.ts (200 tasks) and
// by the test suite (a shorter one). Reports what must be zero and the figures worth watching.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createBareGitRepo } from "./factories.ts";
import { startBuiltApp, tokenFor, type BuiltApp } from "./built-app.ts";

export interface SoakOptions {
  tasks: number;
  postgresUrl?: string;
  standaloneWorkers?: number;
  /** Every n-th task's first run leaves a failing check behind, which its auto-fix run repairs. */
  failingEvery?: number;
  /** Whether the web server runs its in-process worker beside the standalone ones (default true). */
  inProcessWorker?: boolean;
  /** Kill -9 one standalone worker once this share of the tasks has a pushed head (while others still run). */
  killWorkerAt?: number;
  /** How long each agent sleeps after talking (so a worker killed midway is killed mid-run). */
  agentSleepSeconds?: number;
  deadlineMs?: number;
}

export interface SoakReport {
  tasks: number;
  merged: number;
  runs: number;
  autoFixRuns: number;
  interruptedRuns: number;
  /** Interrupted runs not of the killed worker (none expected), with their worker and reason. */
  interruptedElsewhere: string[];
  /** Runs that failed, with their error: none should. */
  failedRuns: string[];
  /** Runs whose log shows more than one execution. */
  executedTwice: number;
  /** Tasks that never reached merged (or a run that never ended). */
  stuck: string[];
  serverErrors: string[];
  /** Runs whose stored log lacks a line the agent printed, or has them out of order. */
  incompleteLogs: string[];
  /** Merge commits on the base per task that are not exactly one. */
  mergesNotOnce: string[];
  sseEvents: number;
  longestHeartbeatGapMs: number;
  longestTurnWaitMs: number | null;
  killed: { workerPid: number; runs: number; allInterrupted: boolean; endedWithinMs: number } | null;
  durationMs: number;
}

const AGENT_LINES = 30;

function agentScript(n: number, failing: boolean, sleepSeconds: number): string {
  const talk = `for i in $(seq 1 ${AGENT_LINES}); do echo "soak line $i"; done${sleepSeconds > 0 ? `; sleep ${sleepSeconds}` : ""}`;
  const work = failing
    ? `if [ -f fail-${n}.txt ]; then rm fail-${n}.txt; echo fixed > done-${n}.txt; else echo broken > fail-${n}.txt; fi`
    : `echo done > done-${n}.txt`;
  return `${talk}; ${work}`;
}

export async function soak(options: SoakOptions): Promise<SoakReport> {
  const started = Date.now();
  const deadline = started + (options.deadlineMs ?? 15 * 60_000);
  const app = await startBuiltApp({ worker: options.inProcessWorker === false ? "off" : "in-process", ...(options.postgresUrl ? { postgresUrl: options.postgresUrl } : {}) });
  const workers: ChildProcess[] = [];
  const upstream = await createBareGitRepo(["main"]);
  const report: SoakReport = {
    tasks: options.tasks, merged: 0, runs: 0, autoFixRuns: 0, interruptedRuns: 0, interruptedElsewhere: [], failedRuns: [], executedTwice: 0, stuck: [], serverErrors: [], incompleteLogs: [],
    mergesNotOnce: [], sseEvents: 0, longestHeartbeatGapMs: 0, longestTurnWaitMs: null, killed: null, durationMs: 0,
  };
  let done = false;
  const call = async (method: string, path: string, body?: unknown, token = app.token) => {
    const response = await fetch(new URL(path, app.baseUrl), {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status >= 500) report.serverErrors.push(`${response.status} ${method} ${path}: ${text.slice(0, 200)}`);
    return { status: response.status, body: (text && response.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text) as any };
  };
  try {
    for (let n = 0; n < (options.standaloneWorkers ?? 2); n++) {
      workers.push(spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], { env: app.env, stdio: "ignore", detached: true }));
    }
    const reviewer = await call("POST", "/api/v1/users", { email: "reviewer@soak.test", password: "soak-reviewer-1", role: "maintainer" });
    if (reviewer.status !== 201) throw new Error(`reviewer: ${JSON.stringify(reviewer.body)}`);
    const reviewerToken = await tokenFor(app.env, "reviewer@soak.test");
    const repository = await call("POST", "/api/v1/repositories", {
      name: "soak", upstream: upstream.path, baseBranch: "main", maxConcurrentRuns: 8,
      checks: [{ name: "test", command: "! ls fail-*.txt >/dev/null 2>&1", required: true }],
    });
    if (repository.status !== 201) throw new Error(`repository: ${JSON.stringify(repository.body)}`);

    const tasks: Array<{ id: string; n: number; merged: boolean; pushed?: boolean; failedSince?: number }> = [];
    for (let n = 0; n < options.tasks; n++) {
      const failing = options.failingEvery ? n % options.failingEvery === 0 : false;
      const task = await call("POST", "/api/v1/tasks", { repositoryId: repository.body.id, name: `Soak ${n}`, goal: "Write a file.", agent: { kind: "script", script: agentScript(n, failing, options.agentSleepSeconds ?? 0) }, autoFixAttempts: failing ? 1 : 0 });
      if (task.status !== 201) throw new Error(`task ${n}: ${JSON.stringify(task.body)}`);
      tasks.push({ id: task.body.id, n, merged: false });
      await call("POST", `/api/v1/tasks/${task.body.id}/runs`);
    }

    const readers = [
      (async () => {
        while (!done) await call("GET", "/api/v1/tasks?page=1");
      })(),
      followStreams(app, tasks.slice(0, 10).map((task) => task.id), () => done, (events) => (report.sseEvents += events)),
    ];

    const killAt = options.killWorkerAt === undefined ? null : Math.ceil(options.tasks * options.killWorkerAt);
    while (tasks.some((task) => !task.merged) && Date.now() < deadline) {
      const open = tasks.filter((task) => !task.merged);
      for (let offset = 0; offset < open.length; offset += 8) {
        await Promise.all(open.slice(offset, offset + 8).map(async (task) => {
          const { body } = await call("GET", `/api/v1/tasks/${task.id}`);
          if (body.headSha) task.pushed = true;
          if (body.status === "running") {
            const runs = (await call("GET", `/api/v1/tasks/${task.id}/runs`)).body.items as Array<{ status: string; heartbeatAt: string | null }>;
            for (const run of runs) {
              if (run.status === "running" && run.heartbeatAt) report.longestHeartbeatGapMs = Math.max(report.longestHeartbeatGapMs, Date.now() - Date.parse(run.heartbeatAt));
            }
          } else if (body.status === "ready_for_review") {
            await call("POST", `/api/v1/tasks/${task.id}/reviews`, { decision: "approve", headSha: body.headSha }, reviewerToken);
          } else if (body.status === "approved") {
            const merged = await call("POST", `/api/v1/tasks/${task.id}/merge`, { headSha: body.headSha });
            if (merged.status === 200) task.merged = true;
          } else if (body.status === "merged") {
            task.merged = true;
          } else if (body.status === "draft") {
            // Its only run was interrupted (the killed worker's): go again.
            await call("POST", `/api/v1/tasks/${task.id}/runs`);
          } else if (body.status === "checks_failed") {
            // A failing check is auto-fixed within a second. Still failing later, the killed worker was
            // involved, as a person would see: its fix run was interrupted (spawn the agent again), or
            // its check ended as an error (run the checks again).
            task.failedSince ??= Date.now();
            if (Date.now() - task.failedSince > 10_000) {
              task.failedSince = undefined;
              const [latest] = (await call("GET", `/api/v1/tasks/${task.id}/runs`)).body.items as Array<{ status: string }>;
              if (latest?.status === "interrupted") await call("POST", `/api/v1/tasks/${task.id}/runs`);
              else await call("POST", `/api/v1/tasks/${task.id}/checks/rerun`, {});
            }
          }
        }));
      }
      report.merged = tasks.filter((task) => task.merged).length;
      // Counted by pushed heads, not merges: by the time a share of the tasks merged, on a fast machine
      // every run may be over, leaving no worker in the middle of one to kill.
      if (killAt !== null && report.killed === null && tasks.filter((task) => task.pushed).length >= killAt) report.killed = await killOneWorker(workers, call, tasks);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    done = true;
    await Promise.all(readers);
    for (const task of tasks.filter((candidate) => !candidate.merged)) {
      // What a person would look at first: the task's status, its runs, its head's checks.
      const { body } = await call("GET", `/api/v1/tasks/${task.id}`);
      const runs = ((await call("GET", `/api/v1/tasks/${task.id}/runs`)).body.items as Array<{ number: number; trigger: string; status: string; error: string | null }>).map((run) => `#${run.number} ${run.trigger} ${run.status}${run.error ? ` (${run.error})` : ""}`);
      const checks = ((await call("GET", `/api/v1/tasks/${task.id}/checks`)).body as Array<{ name: string; status: string; conclusion: string | null; error?: string | null }>).map((check) => `${check.name} ${check.status}/${check.conclusion}${check.error ? ` (${check.error})` : ""}`);
      report.stuck.push(`Soak ${task.n} (${task.id}): ${body.status}; runs ${runs.join(", ")}; checks ${checks.join(", ")}`);
    }

    for (const task of tasks) {
      const runs = (await call("GET", `/api/v1/tasks/${task.id}/runs`)).body.items as Array<{ id: string; status: string; trigger: string; error: string | null; workerId: string | null }>;
      report.runs += runs.length;
      report.autoFixRuns += runs.filter((run) => run.trigger === "autofix").length;
      const interrupted = runs.filter((run) => run.status === "interrupted");
      report.interruptedRuns += interrupted.length;
      const killedWorker = report.killed ? `-${report.killed.workerPid}-` : null;
      report.interruptedElsewhere.push(...interrupted.filter((run) => !killedWorker || !run.workerId?.includes(killedWorker)).map((run) => `${run.id} on ${run.workerId}: ${run.error}`));
      report.failedRuns.push(...runs.filter((run) => run.status === "failed").map((run) => `${run.id}: ${run.error}`));
      for (const run of runs) {
        if (!["succeeded", "failed", "timed_out", "cancelled", "interrupted"].includes(run.status)) report.stuck.push(`run ${run.id} still ${run.status}`);
        if (run.status !== "succeeded") continue;
        const log = String((await call("GET", `/api/v1/runs/${run.id}/log.txt`)).body).split("\n");
        if (log.filter((line) => line.startsWith("Run #")).length !== 1) report.executedTwice++;
        const printed = log.filter((line) => line.startsWith("soak line "));
        if (printed.join("\n") !== Array.from({ length: AGENT_LINES }, (_, i) => `soak line ${i + 1}`).join("\n")) report.incompleteLogs.push(run.id);
      }
    }
    const mergeSubjects = execFileSync("git", ["--git-dir", upstream.path, "log", "--merges", "--format=%s", "main"], { encoding: "utf8" });
    for (const task of tasks) {
      const merges = mergeSubjects.split("\n").filter((subject) => subject === `Soak ${task.n}`).length;
      if (merges !== 1) report.mergesNotOnce.push(`Soak ${task.n}: ${merges}`);
    }
  } finally {
    done = true;
    for (const worker of workers) if (worker.exitCode === null && worker.signalCode === null) process.kill(-worker.pid!, "SIGTERM");
    await Promise.all(workers.map((worker) => (worker.exitCode === null && worker.signalCode === null ? new Promise((resolve) => worker.once("exit", resolve)) : null)));
    await app.terminate();
    const turn = /longest wait for a connection's turn (\d+) ms/.exec(app.output());
    report.longestTurnWaitMs = turn ? Number(turn[1]) : null;
    await app.stop();
    await upstream.remove();
  }
  report.durationMs = Date.now() - started;
  return report;
}

type Call = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;

/**
 * Kills -9 the first standalone worker that holds a running run; waits until its runs have ended.
 * Its runs are read after the kill: between a listing and the signal it may have claimed another.
 */
async function killOneWorker(workers: ChildProcess[], call: Call, tasks: Array<{ id: string; merged: boolean }>): Promise<SoakReport["killed"]> {
  type Listed = { id: string; status: string; workerId: string | null; startedAt: string | null; finishedAt: string | null };
  const listRuns = async (which = tasks) => (await Promise.all(which.map(async (task) => (await call("GET", `/api/v1/tasks/${task.id}/runs`)).body.items as Listed[]))).flat();
  for (let attempt = 0; attempt < 200; attempt++) {
    // Runs that started lately: their agents (asleep for a few seconds) are still at work when the kill lands.
    const fresh = (await listRuns(tasks.filter((task) => !task.merged))).filter(
      (run) => ["preparing", "running"].includes(run.status) && run.startedAt && Date.now() - Date.parse(run.startedAt) < 2_000,
    );
    const victim = workers.find((worker) => fresh.some((run) => run.workerId?.includes(`-${worker.pid}-`)));
    if (!victim) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    process.kill(-victim.pid!, "SIGKILL");
    const killedAt = Date.now();
    for (;;) {
      const theirs = (await listRuns()).filter(
        (run) => run.workerId?.includes(`-${victim.pid}-`) && (!run.finishedAt || Date.parse(run.finishedAt) >= killedAt),
      );
      if (theirs.every((run) => !["preparing", "running"].includes(run.status))) {
        return { workerPid: victim.pid!, runs: theirs.length, allInterrupted: theirs.every((run) => run.status === "interrupted"), endedWithinMs: Date.now() - killedAt };
      }
      if (Date.now() - killedAt > 120_000) return { workerPid: victim.pid!, runs: theirs.length, allInterrupted: false, endedWithinMs: Date.now() - killedAt };
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  return null;
}

/** Follows the tasks' runs' SSE streams as a browser would, counting the log events. */
async function followStreams(app: BuiltApp, taskIds: string[], stop: () => boolean, count: (events: number) => void): Promise<void> {
  const followed = new Set<string>();
  const streams: Array<Promise<void>> = [];
  while (!stop()) {
    for (const taskId of taskIds) {
      const response = await fetch(new URL(`/api/v1/tasks/${taskId}/runs`, app.baseUrl), { headers: { authorization: `Bearer ${app.token}` } });
      for (const run of ((await response.json()) as { items: Array<{ id: string }> }).items) {
        if (followed.has(run.id)) continue;
        followed.add(run.id);
        streams.push(
          fetch(new URL(`/api/v1/runs/${run.id}/events`, app.baseUrl), { headers: { authorization: `Bearer ${app.token}` }, signal: AbortSignal.timeout(120_000) })
            .then(async (stream) => count(((await stream.text()).match(/^event: log$/gm) ?? []).length))
            .catch(() => undefined),
        );
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await Promise.all(streams);
}
