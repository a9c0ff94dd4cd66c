// Run pipeline benchmarks on the embedded database, in one process that is both the server (worker,
// log writer, SSE stream) and the client, as under `npm start`:
//   spawn latency  submit → agent process running, p50/p95 over N runs, beside the floor measured in the
//                  same run: a --shared clone of the same mirror + the same sandboxed command by hand
//   log ingest     an agent writing 100 MB as fast as it can: its wall time vs the same command standalone,
//                  server RSS growth, lines stored vs lines written
//   log latency    line written → SSE event received, p95 with 10 agents running
// Usage: npx tsx bench/runs.ts [--runs 50] [--ingest-runs 5] [--only spawn|ingest|latency] [--postgres] [--busy N]
//   --busy N runs N CPU-bound processes beside the agents for the whole bench (as builds and tests do).
//   The embedded database is served from its own process, as under `npm start`; --postgres uses a
//   throwaway PostgreSQL 15 cluster instead.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "50" }, "ingest-runs": { type: "string", default: "5" }, only: { type: "string" }, postgres: { type: "boolean", default: false }, busy: { type: "string", default: "0" } },
});
const busy = Array.from({ length: Number(values.busy) }, () => spawn("sh", ["-c", "while :; do :; done"], { stdio: "ignore" }));
if (busy.length > 0) console.log(`${busy.length} CPU-bound processes run beside the agents`);
const dataDir = mkdtempSync(path.join(os.tmpdir(), "orch-bench-runs-"));
process.env.DATA_DIR = dataDir;
delete process.env.DATABASE_URL;

const { applyMigrations } = await import("../lib/db/migrate.ts");
const { startPostgresCluster } = await import("../lib/testing/postgres-cluster.ts");
const cluster = values.postgres ? await startPostgresCluster() : null;
if (cluster) {
  process.env.DATABASE_URL = cluster.url;
  process.env.AUTH_SECRET ??= "bench-secret-shared-by-every-server-of-the-database";
}
const server = cluster ? null : spawn(process.execPath, ["--import", "tsx", "bench/serve-embedded.ts"], { stdio: ["ignore", "pipe", "inherit"] });
if (server) await new Promise((resolve) => server.stdout!.once("data", resolve));
else await applyMigrations({ kind: "postgres", connection: { connectionString: cluster!.url } });
console.log(`database: ${cluster ? "PostgreSQL 15" : "embedded PGlite"}, served from its own process`);
const { prisma } = await import("../lib/db/client.ts");
const factories = await import("../lib/testing/factories.ts");
const { startWorker } = await import("../lib/worker/worker.ts");
const { stopBoss } = await import("../lib/queue/boss.ts");
const { spawnRun } = await import("../lib/pipeline/spawn-run.ts");
const { streamRunEvents } = await import("../lib/runs/stream-run-events.ts");
const { detectSandbox } = await import("../lib/sandbox/index.ts");
const { isFinalRunStatus } = await import("../lib/runs/status.ts");

for (const [key, value] of Object.entries({ globalConcurrency: 10, runOutputCapBytes: 200 * 1024 ** 2 })) {
  await prisma.setting.create({ data: { key, value } });
}
const actor = await factories.createTestActor("operator");
const upstream = await factories.createBareGitRepo(["main"]);
const repository = await factories.createTestRepository({ upstream: upstream.path, agentNetwork: "off", maxConcurrentRuns: 10 });
const worker = await startWorker({ capacity: 10, pollMs: 1000 });

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]!;
const ms = (value: number) => `${value.toFixed(0)} ms`;

async function finished(runId: string) {
  for (;;) {
    const run = await prisma.run.findUniqueOrThrow({ where: { id: runId } });
    if (isFinalRunStatus(run.status)) return run;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function taskWith(script: string) {
  return factories.createTestTask(repository, actor, { agent: { kind: "script", script }, timeoutSeconds: 600 });
}

async function firstLineEpochMs(runId: string): Promise<number> {
  const line = await prisma.runEvent.findFirst({ where: { runId, stream: "stdout" }, orderBy: { seq: "asc" } });
  return Number(line!.text) / 1e6;
}

async function spawnLatency(runs: number) {
  const latencies: number[] = [];
  for (let n = 0; n < runs; n++) {
    const task = await taskWith("date +%s%N");
    const submitted = Date.now();
    const run = await spawnRun(actor, task.id);
    await finished(run.id);
    latencies.push((await firstLineEpochMs(run.id)) - submitted);
  }
  const mirror = path.join(dataDir, "mirrors", `${repository.id}.git`);
  const { sandbox } = await detectSandbox();
  const floor: number[] = [];
  for (let n = 0; n < runs; n++) {
    const dir = mkdtempSync(path.join(dataDir, "floor-"));
    const started = Date.now();
    execFileSync("git", ["clone", "--quiet", "--shared", "--branch", "main", mirror, path.join(dir, "clone")]);
    mkdirSync(path.join(dir, "home"));
    let first = "";
    const process = sandbox.spawnSandboxed({
      argv: ["bash", "-c", "date +%s%N"],
      workdir: path.join(dir, "clone"),
      home: path.join(dir, "home"),
      env: {},
      network: { policy: "off" },
      hiddenPaths: [dataDir],
      readOnlyPaths: [mirror],
      timeoutMs: 30_000,
      onOutput: (chunk) => {
        if (chunk.stream === "stdout") first += chunk.data.toString();
      },
    });
    await process.done;
    floor.push(Number(first.trim()) / 1e6 - started);
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`spawn latency over ${runs} runs: p50 ${ms(percentile(latencies, 50))}, p95 ${ms(percentile(latencies, 95))}`);
  console.log(`  floor (clone --shared + the same sandboxed command by hand): p50 ${ms(percentile(floor, 50))}, p95 ${ms(percentile(floor, 95))}`);
  console.log(`  p50 − floor p50 = ${ms(percentile(latencies, 50) - percentile(floor, 50))} (goal ≤ 100 ms)`);
}

async function logIngest(repeats: number) {
  const lines = 1_000_000;
  const command = `yes ${"x".repeat(99)} | head -n ${lines}`; // 100-byte lines: 100 MB
  // A warm server: one run before, so the log ingest thread is up as it is after any first run.
  await finished((await spawnRun(actor, (await taskWith("echo warm")).id)).id);
  const ratios: number[] = [];
  const growths: number[] = [];
  const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  console.log(`log ingest of 100 MB (${lines.toLocaleString()} lines), ${repeats} runs, each beside the same command standalone:`);
  for (let attempt = 1; attempt <= repeats; attempt++) {
    const standaloneMs = await standalone(command);
    const task = await taskWith(command);
    global.gc?.();
    const baseMemory = process.memoryUsage();
    let peak = baseMemory.rss;
    let peakHeap = baseMemory.heapUsed;
    let peakOffHeap = baseMemory.external;
    const sampler = setInterval(() => {
      const memory = process.memoryUsage();
      peak = Math.max(peak, memory.rss);
      peakHeap = Math.max(peakHeap, memory.heapUsed);
      peakOffHeap = Math.max(peakOffHeap, memory.external);
    }, 100);
    const run = await spawnRun(actor, task.id);
    const done = await finished(run.id);
    clearInterval(sampler);
    const stored = await prisma.runEvent.count({ where: { runId: run.id, stream: "stdout" } });
    const exited = await prisma.runEvent.findFirst({ where: { runId: run.id, text: { startsWith: "Agent exited" } } });
    const agentMs = Number(/after ([\d.]+) s/.exec(exited?.text ?? "")?.[1]) * 1000;
    const runMs = done.finishedAt!.getTime() - done.startedAt!.getTime();
    ratios.push(agentMs / standaloneMs);
    growths.push(peak - baseMemory.rss);
    console.log(
      `  ${attempt}: run ${done.status}; agent ${ms(agentMs)} vs standalone ${ms(standaloneMs)} = ${(agentMs / standaloneMs).toFixed(2)}×; ` +
        `RSS +${mb(peak - baseMemory.rss)} (JS heap +${mb(peakHeap - baseMemory.heapUsed)}, buffers +${mb(peakOffHeap - baseMemory.external)}); ` +
        `${stored.toLocaleString()} of ${lines.toLocaleString()} lines stored, all after ${ms(runMs)} (${Math.round(lines / (runMs / 1000)).toLocaleString()} lines/s)`,
    );
  }
  const range = (values: number[], format: (value: number) => string) => `${format(Math.min(...values))}–${format(Math.max(...values))}`;
  const times = (value: number) => `${value.toFixed(2)}×`;
  console.log(`  agent wall time vs standalone: median ${times(percentile(ratios, 50))} (${range(ratios, times)}) (goal ≤ 1.2×)`);
  console.log(`  server RSS growth: median ${mb(percentile(growths, 50))} (${range(growths, mb)}) (goal ≤ 64 MB)`);
}

async function standalone(command: string): Promise<number> {
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn("bash", ["-c", command], { stdio: ["ignore", "pipe", "inherit"] });
    child.stdout.resume();
    child.on("error", reject);
    child.on("close", () => resolve());
  });
  return performance.now() - started;
}

async function logLatency() {
  const agents = 10;
  // Each agent prints its clock (µs) every 50 ms without starting a process per line: `date` and
  // `sleep` per line cost ~75 ms of CPU each on the 2-core reference machine, so ten such agents
  // alone kept both cores busy and the bench measured their own wait for the CPU between taking the
  // time and writing it. --busy N adds CPU-bound processes for the loaded condition.
  const script = 'mkfifo .tick && exec 3<>.tick && rm .tick; for ((i = 1; i <= 200; i++)); do printf "%s\\n" "${EPOCHREALTIME/./}"; read -t 0.05 -u 3; done';
  const tasks = await Promise.all(Array.from({ length: agents }, () => taskWith(script)));
  const runs = await Promise.all(tasks.map((task) => spawnRun(actor, task.id)));
  const received: { runId: string; seq: number; writtenMs: number; receivedMs: number }[] = [];
  const abort = new AbortController();
  await Promise.all(
    runs.map((run) =>
      streamRunEvents(run.id, 0, {
        signal: abort.signal,
        send: ({ event, data }) => {
          const line = data as { seq?: number; stream?: string; text?: string };
          if (event === "log" && line.stream === "stdout" && line.text) {
            received.push({ runId: run.id, seq: line.seq!, writtenMs: Number(line.text) / 1e3, receivedMs: Date.now() });
          }
        },
      }),
    ),
  );
  // Where the time goes: written → stored (the row's insert time) and stored → sent on the stream.
  const stored = await prisma.runEvent.findMany({ where: { runId: { in: runs.map((run) => run.id) } }, select: { runId: true, seq: true, createdAt: true } });
  const storedMs = new Map(stored.map((row) => [`${row.runId}:${row.seq}`, row.createdAt.getTime()]));
  const lines = received.map((line) => ({ ...line, storedMs: storedMs.get(`${line.runId}:${line.seq}`)! }));
  const latencies = lines.map((line) => line.receivedMs - line.writtenMs);
  const toStore = lines.map((line) => line.storedMs - line.writtenMs);
  const toStream = lines.map((line) => line.receivedMs - line.storedMs);
  const spread = (values: number[]) => `p50 ${ms(percentile(values, 50))}, p95 ${ms(percentile(values, 95))}, max ${ms(Math.max(...values))}`;
  console.log(`log latency, ${agents} agents × 200 lines (${latencies.length} lines): ${spread(latencies)} (goal p95 ≤ ${busy.length > 0 ? 500 : 250} ms)`);
  console.log(`  written → stored: ${spread(toStore)}; stored → sent: ${spread(toStream)}`);
}

try {
  if (!values.only || values.only === "spawn") await spawnLatency(Number(values.runs));
  if (!values.only || values.only === "latency") await logLatency();
  if (!values.only || values.only === "ingest") await logIngest(Number(values["ingest-runs"]));
} finally {
  for (const process of busy) process.kill("SIGKILL");
  await worker.stop();
  await stopBoss();
  await prisma.$disconnect();
  server?.kill("SIGTERM");
  await cluster?.stop();
  await upstream.remove();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(0);
