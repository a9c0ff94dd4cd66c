// A longer fuzz of every /api route than the test suite's, against the built app on the embedded
// database (and on a PostgreSQL 15 cluster with --postgres): prints the answers by status and every 5xx.
// Usage: npm run build && npx tsx bench/fuzz.ts [--seeds 5] [--per-operation 300] [--postgres]
import { parseArgs } from "node:util";
import { fuzzApi } from "../lib/testing/api-fuzz.ts";
import { startBuiltApp } from "../lib/testing/built-app.ts";
import { startPostgresCluster } from "../lib/testing/postgres-cluster.ts";

const { values } = parseArgs({ options: { seeds: { type: "string", default: "5" }, "per-operation": { type: "string", default: "300" }, postgres: { type: "boolean", default: false } } });
const cluster = values.postgres ? await startPostgresCluster() : null;
const app = await startBuiltApp(cluster ? { postgresUrl: cluster.url } : {});
let serverErrors = 0;
try {
  for (let seed = 1; seed <= Number(values.seeds); seed++) {
    const started = Date.now();
    const report = await fuzzApi({ baseUrl: app.baseUrl, token: app.token, ids: {} }, { seed, perOperation: Number(values["per-operation"]) });
    serverErrors += report.serverErrors.length;
    console.log(`seed ${seed}: ${report.requests} requests in ${((Date.now() - started) / 1000).toFixed(1)} s, by status ${JSON.stringify(report.byStatus)}`);
    for (const error of report.serverErrors) console.log(`  ${error.status} ${error.method} ${error.url} ← ${error.sent}`);
  }
  const health = await fetch(new URL("/api/health", app.baseUrl));
  console.log(`${cluster ? "postgres" : "pglite"}: ${serverErrors} answers ≥ 500; /api/health afterwards: ${health.status}`);
} finally {
  await app.stop();
  await cluster?.stop();
}
process.exit(serverErrors === 0 ? 0 : 1);
