// The real agent CLIs (scripts/install-agent-clis.sh) through the run pipeline against the scripted model
// server, each beside the same CLI run by hand in a clone against the same server:
//   first request  spawnRun → the CLI's first model request reaches the server, median over N runs
//   run            spawnRun → the run recorded finished, beside clone + the CLI by hand (exit), and their ratio
// Every run is one turn: the model answers "Done." at once, so what is measured is the CLI's start and
// the pipeline around it. Usage: npx tsx bench/agent-clis.ts [--runs 5] [--only claude-code,codex,gemini,opencode]
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { runs: { type: "string", default: "5" }, only: { type: "string" } } });
const runs = Number(values.runs);
const toolsBin = path.resolve(".tools/agent-clis/node_modules/.bin");
process.env.PATH = `${toolsBin}${path.delimiter}${process.env.PATH}`;
const dataDir = mkdtempSync(path.join(os.tmpdir(), "orch-bench-clis-"));
process.env.DATA_DIR = dataDir;
delete process.env.DATABASE_URL;

const server = spawn(process.execPath, ["--import", "tsx", "bench/serve-embedded.ts"], { stdio: ["ignore", "pipe", "inherit"] });
await new Promise((resolve) => server.stdout!.once("data", resolve));
const { prisma } = await import("../lib/db/client.ts");
const factories = await import("../lib/testing/factories.ts");
const { startModelServer } = await import("../lib/testing/model-server.ts");
const { startWorker } = await import("../lib/worker/worker.ts");
const { stopBoss } = await import("../lib/queue/boss.ts");
const { spawnRun } = await import("../lib/pipeline/spawn-run.ts");
const { isFinalRunStatus } = await import("../lib/runs/status.ts");
const { adapterFor } = await import("../lib/agents/registry.ts");
const { SCRIPTED_CLIS } = await import("../lib/testing/scripted-agent-clis.ts");
type ScriptedCliKind = keyof typeof SCRIPTED_CLIS;

interface Cli {
  kind: ScriptedCliKind;
  agent: { kind: string; model?: string };
}

const CLIS: Cli[] = [
  { kind: "claude-code", agent: { kind: "claude-code" } },
  { kind: "codex", agent: { kind: "codex", model: "gpt-5-codex" } },
  { kind: "gemini", agent: { kind: "gemini", model: "gemini-2.5-flash" } },
  { kind: "opencode", agent: { kind: "opencode" } },
];

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
const ms = (value: number) => `${value.toFixed(0)} ms`;
const actor = await factories.createTestActor("operator");
const upstream = await factories.createBareGitRepo(["main"]);
const worker = await startWorker({ capacity: 2, pollMs: 1000 });

async function finished(runId: string) {
  for (;;) {
    const run = await prisma.run.findUniqueOrThrow({ where: { id: runId } });
    if (isFinalRunStatus(run.status)) return run;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The time the model server saw its first request after `since`. */
async function firstRequestAfter(before: number, since: number, arrivals: number[]): Promise<number> {
  while (arrivals.length <= before) await new Promise((resolve) => setTimeout(resolve, 5));
  return arrivals[before]! - since;
}

async function measure(cli: Cli) {
  const arrivals: number[] = [];
  const model = await startModelServer([{ kind: "text", text: "Done." }]);
  const recordArrival = model.requests.push.bind(model.requests);
  model.requests.push = (...items) => {
    arrivals.push(...items.map(() => performance.now()));
    return recordArrival(...items);
  };
  const repository = await factories.createTestRepository({ upstream: upstream.path, agentNetwork: "full", agentEnv: SCRIPTED_CLIS[cli.kind].env(model.url), agentConfig: { [cli.kind]: SCRIPTED_CLIS[cli.kind].config(model.url) } });
  const pipeline = { first: [] as number[], run: [] as number[] };
  const byHand = { first: [] as number[], run: [] as number[] };
  for (let n = 0; n < runs; n++) {
    const task = await factories.createTestTask(repository, actor, { agent: cli.agent, timeoutSeconds: 300 });
    const before = arrivals.length;
    const started = performance.now();
    const run = await spawnRun(actor, task.id);
    const first = firstRequestAfter(before, started, arrivals);
    const result = await finished(run.id);
    if (result.status !== "succeeded") throw new Error(`${cli.kind} run ${result.status}: ${result.error}`);
    pipeline.run.push(performance.now() - started);
    pipeline.first.push(await first);

    // By hand: a clone of the upstream and the CLI in it, as a person would run it.
    const dir = mkdtempSync(path.join(os.tmpdir(), "orch-bench-hand-"));
    const home = path.join(dir, "home");
    for (const [file, content] of Object.entries<string>(SCRIPTED_CLIS[cli.kind].config(model.url))) {
      mkdirSync(path.dirname(path.join(home, file)), { recursive: true });
      writeFileSync(path.join(home, file), content);
    }
    mkdirSync(home, { recursive: true });
    const invocation = adapterFor(cli.kind)!.buildInvocation({ prompt: task.goal, promptFile: path.join(home, "prompt.md"), options: cli.agent });
    const handBefore = arrivals.length;
    const handStarted = performance.now();
    execFileSync("git", ["clone", "--quiet", "--branch", "main", upstream.path, path.join(dir, "clone")]);
    const child = spawn(invocation.argv[0]!, invocation.argv.slice(1), { cwd: path.join(dir, "clone"), env: { PATH: process.env.PATH!, HOME: home, ...SCRIPTED_CLIS[cli.kind].env(model.url) } as unknown as NodeJS.ProcessEnv, stdio: ["pipe", "ignore", "ignore"] });
    child.stdin.end(invocation.stdin ?? "");
    const handFirst = firstRequestAfter(handBefore, handStarted, arrivals);
    const code = await new Promise((resolve) => child.once("exit", resolve));
    if (code !== 0) throw new Error(`${cli.kind} by hand exited with ${code}`);
    byHand.run.push(performance.now() - handStarted);
    byHand.first.push(await handFirst);
    rmSync(dir, { recursive: true, force: true });
  }
  await model.close();
  const ratio = median(pipeline.run) / median(byHand.run);
  console.log(
    `${cli.kind.padEnd(12)} first request ${ms(median(pipeline.first))} (by hand ${ms(median(byHand.first))}); run ${ms(median(pipeline.run))} vs by hand ${ms(median(byHand.run))} = ${ratio.toFixed(2)}× (goal ≤ 1.2×)`,
  );
}

console.log(`${runs} runs each, medians; the pipeline's run is spawnRun → recorded finished, by hand is clone → the CLI exits`);
for (const cli of CLIS.filter((each) => !values.only || values.only.split(",").includes(each.kind))) await measure(cli);
await worker.stop();
await stopBoss();
await prisma.$disconnect();
server.kill("SIGTERM");
await upstream.remove();
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
