// The diff review page on a branch of 5,000 files and 200,000 changed lines, served by the built app
// under `npm start` (embedded database):
//   API     GET /diff?format=json (the file list) and GET /diff?path=… for the first 40 files (the first
//           page of file bodies, what the page asks for first), beside `git diff --stat` and `git diff`
//           of the same range in the same run
//   browser Chromium: navigation → the file list and the first file's body on screen; then `j`
//           (next file) → the next file's header at the top
// Usage: npm run build && npx tsx bench/diff.ts [runs]
//   BENCH_PHASES=1 also prints the page's load phases, BENCH_PROFILE=1 the functions that took the most
//   CPU while it loaded, BENCH_KEEP=1 keeps the DATA_DIR and upstream for a closer look.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";

const runs = Number(process.argv[2] ?? 3);
const port = 3900 + Math.floor(Math.random() * 500);
const base = `http://127.0.0.1:${port}`;
const dataDir = mkdtempSync(path.join(os.tmpdir(), "orch-bench-diff-"));
const keep = !!process.env.BENCH_KEEP;
const admin = { email: "bench@example.test", password: "bench-password" };
const FILES = 5_000;
const LINES = 40;

// The agent writes 5,000 new files of 40 lines (200,000 added lines) with one awk process.
const AGENT = `seq -f 'src/m%03g' 0 99 | xargs mkdir -p
awk 'BEGIN { for (f = 0; f < ${FILES}; f++) { name = sprintf("src/m%03d/file%04d.ts", int(f / 50), f); for (l = 0; l < ${LINES}; l++) printf("export const value%d_%d = \\"%s\\"; // line %d\\n", f, l, "x", l) > name; close(name) } }'`;

const server = spawn("npx", ["tsx", "scripts/start.ts"], {
  env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password, DATABASE_URL: "" },
  stdio: "ignore",
  detached: true,
});
const ms = (value: number) => `${Math.round(value)} ms`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
  const started = performance.now();
  const value = await work();
  return [value, performance.now() - started];
};

try {
  for (let waited = 0; !(await fetch(`${base}/api/health`).then((r) => r.ok, () => false)); waited += 100) {
    if (waited > 60_000) throw new Error("the server did not start");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const token = execFileSync("npm", ["run", "-s", "token", "--", "--email", admin.email, "--scopes", "all"], { env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "" }, encoding: "utf8" }).trim().split("\n").at(-1)!;
  const api = async (method: string, url: string, body?: unknown) => {
    const response = await fetch(`${base}${url}`, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: await response.json() };
  };

  const upstreamDir = mkdtempSync(path.join(os.tmpdir(), "orch-bench-diff-upstream-"));
  const work = path.join(upstreamDir, "work");
  const git = (cwd: string, ...args: string[]) => execFileSync("git", ["-c", "user.name=B", "-c", "user.email=b@example.test", "-c", "init.defaultBranch=main", ...args], { cwd, encoding: "utf8", maxBuffer: 1 << 30 });
  git(upstreamDir, "init", "--quiet", work);
  git(work, "commit", "--quiet", "--allow-empty", "-m", "base");
  git(upstreamDir, "clone", "--quiet", "--bare", work, path.join(upstreamDir, "upstream.git"));
  const repository = await api("POST", "/api/v1/repositories", { name: "bench-diff", upstream: path.join(upstreamDir, "upstream.git"), baseBranch: "main", agentNetwork: false });
  const task = await api("POST", "/api/v1/tasks", { repositoryId: repository.body.id, name: "Big diff", goal: "Write many files.", agent: { kind: "script", script: AGENT }, timeoutSeconds: 600 });
  await api("POST", `/api/v1/tasks/${task.body.id}/runs`);
  let head: string | null = null;
  for (let waited = 0; !head; waited += 500) {
    const current = await api("GET", `/api/v1/tasks/${task.body.id}`);
    head = current.body.headSha;
    if (waited > 300_000) throw new Error(`no head after 5 min (task ${current.body.status})`);
    if (!head) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const mirror = path.join(dataDir, "mirrors", `${repository.body.id}.git`);
  const mergeBase = git(mirror, "merge-base", "main", head).trim();

  const list: number[] = [];
  const page: number[] = [];
  const stat: number[] = [];
  const whole: number[] = [];
  let files: Array<{ path: string }> = [];
  for (let run = 0; run < runs; run++) {
    const [listed, listMs] = await timed(async () => (await fetch(`${base}/api/v1/tasks/${task.body.id}/diff?format=json`, { headers: { authorization: `Bearer ${token}` } })).json());
    files = listed.files;
    list.push(listMs);
    const query = new URLSearchParams(files.slice(0, 40).map((file) => ["path", file.path]));
    page.push((await timed(async () => (await fetch(`${base}/api/v1/tasks/${task.body.id}/diff?${query}`, { headers: { authorization: `Bearer ${token}` } })).text()))[1]);
    stat.push((await timed(async () => git(mirror, "diff", "--stat", mergeBase, head!)))[1]);
    whole.push((await timed(async () => git(mirror, "diff", mergeBase, head!)))[1]);
  }
  console.log(`diff of ${files.length.toLocaleString()} files, ${(files.length * LINES).toLocaleString()} added lines; ${runs} runs, medians:`);
  console.log(`  API file list (?format=json): ${ms(median(list))} (runs ${list.map(ms).join(", ")}; goal ≤ 1.5 s)`);
  console.log(`  API first page of file bodies (40 files): ${ms(median(page))} (runs ${page.map(ms).join(", ")}; goal ≤ 1.5 s)`);
  console.log(`  git diff --stat: ${ms(median(stat))}; git diff: ${ms(median(whole))} (same range, same run)`);

  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
  const interactive: number[] = [];
  const nextFile: number[] = [];
  try {
    const context = await browser.newContext();
    const tab = await context.newPage();
    await tab.goto(`${base}/signin`);
    await tab.getByLabel("Email").fill(admin.email);
    await tab.getByLabel("Password").fill(admin.password);
    await tab.getByRole("button", { name: "Sign in", exact: true }).click();
    await tab.getByTestId("current-user").waitFor();
    for (let run = 0; run < runs; run++) {
      const cdp = process.env.BENCH_PROFILE ? await context.newCDPSession(tab) : null;
      if (cdp) {
        await cdp.send("Profiler.enable");
        await cdp.send("Profiler.start");
      }
      const started = performance.now();
      await tab.goto(`${base}/tasks/${task.body.id}/diff`, { waitUntil: "commit" });
      const phases: string[] = [];
      const mark = (name: string) => phases.push(`${name} ${ms(performance.now() - started)}`);
      if (process.env.BENCH_PHASES) {
        await tab.waitForLoadState("domcontentloaded");
        mark("DOMContentLoaded");
        const size = await tab.evaluate(() => ({ html: document.documentElement.outerHTML.length, sections: document.querySelectorAll('[data-testid="diff-file"]').length, scripts: [...document.scripts].reduce((sum, script) => sum + script.text.length, 0) }));
        phases.push(`html ${size.html} chars, ${size.sections} file sections, inline scripts ${size.scripts} chars`);
        await tab.getByRole("treeitem").first().waitFor({ timeout: 60_000 });
        mark("file tree");
        await tab.getByTestId("diff-file").first().waitFor({ timeout: 60_000 });
        mark("first file header");
      }
      await tab.getByTestId("diff-file").first().locator("tr.diff-line").first().waitFor({ timeout: 60_000 });
      await tab.getByRole("treeitem").first().waitFor();
      interactive.push(performance.now() - started);
      if (process.env.BENCH_PHASES) console.log(`  phases: ${phases.join(", ")}, first body ${ms(performance.now() - started)}`);
      if (cdp) {
        const { profile } = (await cdp.send("Profiler.stop")) as { profile: { nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>; samples: number[]; timeDeltas: number[] } };
        const self = new Map<string, number>();
        const byId = new Map(profile.nodes.map((node) => [node.id, node]));
        profile.samples.forEach((id, index) => {
          const frame = byId.get(id)!.callFrame;
          const key = `${frame.functionName || "(anonymous)"} ${frame.url.split("/").pop()}:${frame.lineNumber}`;
          self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
        });
        console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([key, time]) => `    ${ms(time)} ${key}`).join("\n"));
      }
      const pressed = performance.now();
      await tab.keyboard.press("j");
      await tab.locator(`[data-testid="diff-file"][data-path="${files[1]!.path}"] tr.diff-line`).first().waitFor({ timeout: 30_000 });
      nextFile.push(performance.now() - pressed);
    }
  } finally {
    await browser.close();
  }
  console.log(`  Chromium: navigation → file list and first file body on screen: ${ms(median(interactive))} (runs ${interactive.map(ms).join(", ")}; goal ≤ 2 s)`);
  console.log(`  Chromium: j → next file's body on screen: ${ms(median(nextFile))} (runs ${nextFile.map(ms).join(", ")})`);
  if (keep) console.log(`kept: DATA_DIR=${dataDir} task ${task.body.id}`);
  else rmSync(upstreamDir, { recursive: true, force: true });
} finally {
  process.kill(-server.pid!, "SIGTERM");
  await new Promise((resolve) => server.once("exit", resolve));
  if (!keep) rmSync(dataDir, { recursive: true, force: true });
}
