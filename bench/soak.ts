// The soak of issue 10: 200 tasks through the whole pipeline (run → checks → some failing and
// auto-fixed → approval by a second user → merge) with the in-process worker and two standalone
// workers, while clients read lists and follow SSE streams; then the same with two standalone workers
// only, one of them killed -9 midway. On the embedded database, and on PostgreSQL 15 with --postgres.
// Usage: npm run build && npx tsx bench/soak.ts [--tasks 200] [--postgres] [--no-kill]
import { parseArgs } from "node:util";
import { startPostgresCluster } from "../lib/testing/postgres-cluster.ts";
import { soak, type SoakReport } from "../lib/testing/soak.ts";

const { values } = parseArgs({ options: { tasks: { type: "string", default: "200" }, postgres: { type: "boolean", default: false }, "no-kill": { type: "boolean", default: false } } });
const cluster = values.postgres ? await startPostgresCluster() : null;
const base = { tasks: Number(values.tasks), failingEvery: 4, standaloneWorkers: 2, ...(cluster ? { postgresUrl: cluster.url } : {}) };

function print(label: string, report: SoakReport): boolean {
  console.log(`\n${label} (${cluster ? "PostgreSQL 15" : "embedded PGlite"}), ${(report.durationMs / 1000).toFixed(0)} s`);
  console.log(JSON.stringify({ ...report, stuck: report.stuck.slice(0, 5), serverErrors: report.serverErrors.slice(0, 5), incompleteLogs: report.incompleteLogs.slice(0, 5), mergesNotOnce: report.mergesNotOnce.slice(0, 5) }, null, 2));
  return report.stuck.length === 0 && report.serverErrors.length === 0 && report.executedTwice === 0 && report.incompleteLogs.length === 0 && report.mergesNotOnce.length === 0;
}

let ok = true;
try {
  const plain = await soak(base);
  ok = print("soak", plain) && plain.interruptedRuns === 0 && ok;
  if (!values["no-kill"]) {
    // Only the standalone workers take runs here, so the one killed certainly holds some.
    const killed = await soak({ ...base, inProcessWorker: false, killWorkerAt: 0.5, agentSleepSeconds: 3 });
    ok = print("soak with a standalone worker killed -9 midway", killed) && ok && killed.killed !== null && killed.killed.allInterrupted && killed.killed.endedWithinMs <= 45_000 && killed.interruptedElsewhere.length === 0;
  }
} finally {
  await cluster?.stop();
}
process.exit(ok ? 0 : 1);
