// The built app as it runs in production: a run cancelled through the web server ends within 2 s on a
// standalone worker; a standalone worker killed -9 while its runs are active has them ended
// `interrupted` by the web server alone (no worker left to reconcile) within 45 s; and
// stopping `npm start` with SIGTERM ends its in-process worker's runs `interrupted` before it exits.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { readFileSync, statfsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startBuiltApp, type BuiltApp } from "../testing/built-app.ts";
import { createBareGitRepo } from "../testing/factories.ts";
import { until } from "../testing/until.ts";

const database = inject("testDatabase");
const appOptions = database.kind === "postgres" ? { postgresUrl: database.url } : {};
let upstream: Awaited<ReturnType<typeof createBareGitRepo>>;

beforeAll(async () => {
  upstream = await createBareGitRepo(["main"]);
});
afterAll(() => upstream?.remove());

async function call(app: BuiltApp, method: string, urlPath: string, body?: unknown) {
  const response = await fetch(new URL(urlPath, app.baseUrl), {
    method,
    headers: { authorization: `Bearer ${app.token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
}

/** Spawns one long run on each of `count` new tasks; resolves with their ids once all are running. */
async function longRuns(app: BuiltApp, count: number, sleep = "sleep 60"): Promise<string[]> {
  const repository = await call(app, "POST", "/api/v1/repositories", { name: `lifecycle-${Date.now()}`, upstream: upstream.path, baseBranch: "main" });
  expect(repository.status, JSON.stringify(repository.body)).toBe(201);
  const runIds: string[] = [];
  for (let n = 0; n < count; n++) {
    const task = await call(app, "POST", "/api/v1/tasks", { repositoryId: repository.body.id, name: `Long ${n}`, goal: "Take a minute.", agent: { kind: "script", script: `echo started; ${sleep}` } });
    expect(task.status, JSON.stringify(task.body)).toBe(201);
    runIds.push((await call(app, "POST", `/api/v1/tasks/${task.body.id}/runs`)).body.runId);
  }
  await until(() => Promise.all(runIds.map(async (id) => (await call(app, "GET", `/api/v1/runs/${id}`)).body.status)), (statuses) => statuses.every((status) => status === "running"), "runs running", 60_000);
  return runIds;
}

describe("a standalone worker killed -9", () => {
  let app: BuiltApp;
  let worker: ChildProcess;
  beforeAll(async () => {
    app = await startBuiltApp({ ...appOptions, worker: "off" });
    worker = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], { env: { ...app.env, WORKER_CONCURRENCY: "8" }, stdio: "ignore", detached: true });
  }, 120_000);
  afterAll(async () => {
    if (worker.exitCode === null && worker.signalCode === null) process.kill(-worker.pid!, "SIGKILL");
    await app?.stop();
  });

  it("listens on loopback only by default", () => {
    const port = Number(new URL(app.baseUrl).port).toString(16).toUpperCase().padStart(4, "0");
    const listening = ["/proc/net/tcp", "/proc/net/tcp6"]
      .flatMap((file) => readFileSync(file, "utf8").trim().split("\n").slice(1))
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields[3] === "0A" && fields[1]!.endsWith(`:${port}`))
      .map((fields) => fields[1]!.split(":")[0]);
    expect(listening).toEqual(["0100007F"]); // 127.0.0.1, and nothing on other interfaces
  });

  it("ends a run cancelled through the web server within 2 s, though its worker is another process", async () => {
    // The web server's bus does not reach the worker: it must learn of the cancel from the database.
    const runIds = await longRuns(app, 2, "sleep 61.25");
    for (const runId of runIds) {
      const cancelledAt = Date.now();
      expect((await call(app, "POST", `/api/v1/runs/${runId}/cancel`)).status).toBe(202);
      await until(async () => (await call(app, "GET", `/api/v1/runs/${runId}`)).body.status, (status) => status === "cancelled", "run cancelled", 30_000);
      expect(Date.now() - cancelledAt).toBeLessThan(2_000);
    }
    expect(execFileSync("ps", ["-eo", "args"], { encoding: "utf8" })).not.toContain("sleep 61.25");
  });

  it("has its runs ended interrupted by the web server within 45 s, with no worker left", async () => {
    const runIds = await longRuns(app, 2); // a repository runs two at a time by default
    const killedAt = Date.now();
    process.kill(-worker.pid!, "SIGKILL");
    const runs = await until(
      () => Promise.all(runIds.map(async (id) => (await call(app, "GET", `/api/v1/runs/${id}`)).body)),
      (all) => all.every((run) => run.status !== "running"),
      "runs ended",
      60_000,
    );
    expect(Date.now() - killedAt).toBeLessThan(45_000);
    for (const run of runs) expect(run).toMatchObject({ status: "interrupted", error: expect.stringMatching(/^Run interrupted: worker .* is gone/) });
  }, 150_000);
});

describe("npm start stopped with SIGTERM", () => {
  it("ends its runs interrupted before it exits", async () => {
    const app = await startBuiltApp({ ...appOptions, worker: "in-process" });
    try {
      const runIds = await longRuns(app, 2);
      const stoppedAt = Date.now();
      await app.terminate();
      expect(Date.now() - stoppedAt).toBeLessThan(30_000);
      const statuses = await storedRuns(app, runIds);
      expect(statuses).toEqual(runIds.map(() => ({ status: "interrupted", error: "Run interrupted: the worker is shutting down." })));
    } finally {
      await app.stop();
    }
  }, 150_000);
});

/** Read straight from the database the stopped server left: its Postgres database, or its PGlite directory. */
async function storedRuns(app: BuiltApp, runIds: string[]): Promise<Array<{ status: string; error: string | null }>> {
  const sql = `SELECT status::text, error FROM "Run" WHERE id = ANY($1) ORDER BY array_position($1, id)`;
  if (app.env.DATABASE_URL) {
    const client = new pg.Client({ connectionString: app.env.DATABASE_URL });
    await client.connect();
    try {
      return (await client.query(sql, [runIds])).rows;
    } finally {
      await client.end();
    }
  }
  const db = await PGlite.create(path.join(app.env.DATA_DIR!, "pglite"));
  try {
    return (await db.query<{ status: string; error: string | null }>(sql, [runIds])).rows;
  } finally {
    await db.close();
  }
}

describe("a server killed while an agent filled its disk", () => {
  it("starts again on that disk, frees the dead workspace, and ends the run interrupted", async (context) => {
    if (database.kind !== "pglite") return context.skip("about the embedded database sharing DATA_DIR's disk");
    const mountPoint = await mkdtemp(path.join("/var/tmp", "orch-full-data-"));
    try {
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=160m", "tmpfs", mountPoint], { stdio: "ignore" });
    } catch {
      await rm(mountPoint, { recursive: true, force: true });
      return context.skip("mounting a small tmpfs needs root");
    }
    const dataDir = path.join(mountPoint, "data");
    try {
      const first = await startBuiltApp({ worker: "in-process", dataDir });
      const repository = await call(first, "POST", "/api/v1/repositories", { name: "full-disk", upstream: upstream.path, baseBranch: "main" });
      const task = await call(first, "POST", "/api/v1/tasks", { repositoryId: repository.body.id, name: "Fill it", goal: "Fill the disk.", agent: { kind: "script", script: "dd if=/dev/zero of=fill.bin bs=1M count=400 2>/dev/null; echo full; sleep 600" } });
      const runId = (await call(first, "POST", `/api/v1/tasks/${task.body.id}/runs`)).body.runId;
      await until(() => Promise.resolve(statfsSync(mountPoint)), (stats) => stats.bavail * stats.bsize < 1024 ** 2, "the disk to fill", 60_000);
      process.kill(-first.pid, "SIGKILL");
      await first.terminate();

      const second = await startBuiltApp({ worker: "in-process", dataDir });
      try {
        const run = await until(async () => (await call(second, "GET", `/api/v1/runs/${runId}`)).body, (body) => body.status === "interrupted", "the run ended", 60_000);
        expect(run.error).toMatch(/^Run interrupted: worker .* is gone/);
        expect(statfsSync(mountPoint).bavail * statfsSync(mountPoint).bsize).toBeGreaterThan(100 * 1024 ** 2);
      } finally {
        await second.terminate();
      }
    } finally {
      execFileSync("umount", ["-l", mountPoint]);
      await rm(mountPoint, { recursive: true, force: true });
    }
  }, 240_000);
});
