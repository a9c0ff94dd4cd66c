// Time from `npm start` on an empty DATA_DIR to the first 200 from GET /api/health, on the embedded
// database (goal: within 20 s of the start of a built app), beside a restart on the same DATA_DIR.
// Usage: npm run build && npx tsx bench/startup.ts [runs]
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const runs = Number(process.argv[2] ?? 3);
const port = 3400 + Math.floor(Math.random() * 500);

async function timeToHealthy(dataDir: string): Promise<number> {
  const started = performance.now();
  const server = spawn("npx", ["tsx", "scripts/start.ts"], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), ADMIN_EMAIL: "bench@example.test", ADMIN_PASSWORD: "bench-password" },
    stdio: "ignore",
    detached: true,
  });
  try {
    for (;;) {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => null);
      if (response?.ok) return performance.now() - started;
      if (performance.now() - started > 60_000) throw new Error("no healthy answer within 60 s");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    process.kill(-server.pid!, "SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
  }
}

const fresh: number[] = [];
const restart: number[] = [];
for (let run = 0; run < runs; run++) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "orch-bench-"));
  fresh.push(await timeToHealthy(dataDir));
  restart.push(await timeToHealthy(dataDir));
  rmSync(dataDir, { recursive: true, force: true });
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
console.log(`empty DATA_DIR → health 200: median ${(median(fresh) / 1000).toFixed(2)} s (runs: ${fresh.map((ms) => (ms / 1000).toFixed(2)).join(", ")} s; goal ≤ 20 s)`);
console.log(`restart on the same DATA_DIR:  median ${(median(restart) / 1000).toFixed(2)} s (runs: ${restart.map((ms) => (ms / 1000).toFixed(2)).join(", ")} s)`);
