// Local checks end to end with real git, bwrap and an in-process worker: a run pushes a head → its
// checks run in fresh checkouts → conclusions, JUnit, logs, stale heads, auto-fix.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import type { CheckRun } from "../generated/prisma/client.ts";
import { startWorker, type Worker } from "../worker/worker.ts";
import { spawnRun } from "../pipeline/spawn-run.ts";
import { isFinalRunStatus } from "../runs/status.ts";
import { createBareGitRepo, createTestActor, createTestRepository, createTestTask } from "../testing/factories.ts";
import { finishedRun, until } from "../testing/until.ts";
import { spawnDueFixRuns } from "../pipeline/auto-fix.ts";
import type { JunitSummary } from "./junit.ts";

const upstreams: Array<{ remove(): Promise<void> }> = [];
let operator: Actor;
let worker: Worker;

beforeAll(async () => {
  operator = await createTestActor("operator");
  worker = await startWorker({ pollMs: 100, heartbeatMs: 200, killGraceMs: 500 });
});

afterAll(async () => {
  await worker.stop();
  await Promise.all(upstreams.map((upstream) => upstream.remove()));
});

type CheckSpec = { name: string; command: string; required?: boolean; timeoutSeconds?: number; junitPath?: string };

async function taskWithChecks(
  script: string,
  checks: CheckSpec[],
  overrides: { autoFixAttempts?: number; setupCommand?: string; checkNetwork?: "off" | "allowlist" | "full"; allowedHosts?: string[] } = {},
) {
  const upstream = await createBareGitRepo(["main"]);
  upstreams.push(upstream);
  const repository = await createTestRepository({
    upstream: upstream.path,
    agentNetwork: "off",
    checkNetwork: overrides.checkNetwork ?? "off",
    allowedHosts: overrides.allowedHosts ?? [],
    maxConcurrentRuns: 4,
    ...(overrides.setupCommand ? { setupCommand: overrides.setupCommand } : {}),
    checks: { create: checks.map((check, position) => ({ position, ...check })) },
  });
  const task = await createTestTask(repository, operator, {
    agent: { kind: "script", script },
    autoFixAttempts: overrides.autoFixAttempts ?? 0,
    acceptanceCriteria: [{ text: "Lint is clean", check: "lint" }],
  });
  return { repository, task };
}


const checksOf = (taskId: string, headSha: string) =>
  prisma.checkRun.findMany({ where: { taskId, headSha }, orderBy: [{ name: "asc" }, { attempt: "asc" }] });

const completedChecks = (taskId: string, headSha: string, count: number) =>
  until(() => checksOf(taskId, headSha), (checks) => checks.length >= count && checks.every((check) => check.status === "completed"), "checks to complete");

const logOf = async (check: CheckRun) =>
  (await prisma.checkRunEvent.findMany({ where: { checkRunId: check.id }, orderBy: { seq: "asc" } })).map((event) => event.text);

const JUNIT_SCRIPT = `mkdir -p reports && cat > reports/junit.xml <<'XML'
<testsuites><testsuite name="math"><testcase classname="math" name="adds"/><testcase classname="math" name="divides"><failure message="expected 2 to be 3"/></testcase><testcase name="later"><skipped/></testcase></testsuite></testsuites>
XML
echo "1 test failed"; exit 1`;

describe("checks on a new head", () => {
  it("run in a fresh checkout of that exact commit: pass, fail, time out, JUnit; the task waits for them", async () => {
    const { task } = await taskWithChecks("echo hello > hello.txt", [
      { name: "lint", command: 'test "$(cat hello.txt)" = hello && echo "lint ok in $PWD"' },
      { name: "fails", command: "echo broken >&2; exit 3", required: false },
      { name: "slow", command: "echo starting; sleep 30", timeoutSeconds: 1, required: false },
      { name: "test", command: JUNIT_SCRIPT, junitPath: "reports/junit.xml" },
    ], { setupCommand: "echo setting up; touch .setup-ran" });
    const run = await spawnRun(operator, task.id);
    const done = await finishedRun(run.id);
    expect(done.status).toBe("succeeded");
    const head = done.headSha!;
    expect(head).toMatch(/^[0-9a-f]{40}$/);

    const queuedOrRunning = await prisma.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(["awaiting_checks", "checks_failed"]).toContain(queuedOrRunning.status);
    const checks = await completedChecks(task.id, head, 4);
    const byName = Object.fromEntries(checks.map((check) => [check.name, check]));
    expect(byName.lint).toMatchObject({ conclusion: "success", exitCode: 0, required: true, source: "local", headSha: head });
    expect(byName.fails).toMatchObject({ conclusion: "failure", exitCode: 3, required: false });
    expect(byName.slow).toMatchObject({ conclusion: "timed_out" });
    expect(byName.test).toMatchObject({ conclusion: "failure", exitCode: 1 });
    expect((byName.test!.summary as unknown as { junit: JunitSummary }).junit).toMatchObject({
      tests: 3,
      passed: 1,
      failed: 1,
      skipped: 1,
      failures: [{ name: "divides", classname: "math", message: "expected 2 to be 3" }],
    });

    const lintLog = await logOf(byName.lint!);
    expect(lintLog).toContain("setting up");
    expect(lintLog.find((line) => line.startsWith("lint ok in "))).toBeTruthy();
    expect(lintLog.at(-1)).toBe("Passed.");
    expect(await logOf(byName.fails!)).toContain("broken");
    expect((await logOf(byName.slow!)).at(-1)).toMatch(/^Timed out after 1 s/);
    expect(await logOf(byName.test!)).toContain("JUnit report reports/junit.xml: 1 passed, 1 failed, 1 skipped");

    // The required "test" check failed: the task says so rather than offering itself for review.
    const settled = await until(() => prisma.task.findUniqueOrThrow({ where: { id: task.id } }), (t) => t.status === "checks_failed", "task settled with its failing check");
    expect(settled.headSha).toBe(head);
  }, 120_000);
});

describe("the check network", () => {
  // npm, from the real registry (reachable here through the TLS proxy whose CA the check is given).
  const INSTALL = "npm install --no-save --no-audit --no-fund --no-package-lock --cache \"$HOME/.npm\" --fetch-retries=0 is-number@7.0.0 && node -e 'console.log(require(\"is-number\")(7))'";

  it("under allowlist installs a package when its registry is listed, and fails with a blocked line when not; off reaches nothing", async () => {
    const listed = await taskWithChecks("echo '{}' > package.json", [{ name: "install", command: INSTALL }], { checkNetwork: "allowlist", allowedHosts: ["registry.npmjs.org"] });
    const unlisted = await taskWithChecks("echo '{}' > package.json", [{ name: "install", command: INSTALL }], { checkNetwork: "allowlist", allowedHosts: ["example.com"] });
    const off = await taskWithChecks("echo '{}' > package.json", [{ name: "install", command: INSTALL }], { checkNetwork: "off" });
    const [listedRun, unlistedRun, offRun] = await Promise.all([listed, unlisted, off].map(async ({ task }) => finishedRun((await spawnRun(operator, task.id)).id)));

    const [installed] = await completedChecks(listed.task.id, listedRun!.headSha!, 1);
    const installedLog = await logOf(installed!);
    expect(installed, installedLog.join("\n")).toMatchObject({ conclusion: "success" });
    expect(installedLog).toContain("true");

    const [refused] = await completedChecks(unlisted.task.id, unlistedRun!.headSha!, 1);
    expect(refused).toMatchObject({ conclusion: "failure" });
    expect(await logOf(refused!)).toContain("blocked: registry.npmjs.org:443 (not in the allowed hosts)");

    const [offline] = await completedChecks(off.task.id, offRun!.headSha!, 1);
    expect(offline).toMatchObject({ conclusion: "failure" });
    expect((await logOf(offline!)).some((line) => line.startsWith("blocked:"))).toBe(false);
  }, 180_000);
});

describe("a new head while checks run", () => {
  it("stops the earlier head's checks and queues checks for the new one", async () => {
    const { task } = await taskWithChecks('n=$(cat n 2>/dev/null || echo 0); echo $((n+1)) > n', [
      { name: "lint", command: 'if [ "$(cat n)" = 1 ]; then echo waiting; sleep 60; fi; echo "head $(cat n)"' },
    ]);
    const first = await finishedRun((await spawnRun(operator, task.id)).id);
    const firstCheck = await until(() => checksOf(task.id, first.headSha!), (checks) => checks[0]?.status === "running", "first check running");
    await until(() => logOf(firstCheck[0]!), (log) => log.includes("waiting"), "the first check to start waiting");

    const second = await finishedRun((await spawnRun(operator, task.id)).id);
    expect(second.headSha).not.toBe(first.headSha);
    const [stale] = await completedChecks(task.id, first.headSha!, 1);
    expect(stale).toMatchObject({ conclusion: "cancelled", error: expect.stringMatching(/^Superseded/) });
    const [fresh] = await completedChecks(task.id, second.headSha!, 1);
    expect(fresh).toMatchObject({ conclusion: "success" });
    expect(await logOf(fresh!)).toContain("head 2");
  }, 120_000);
});

describe("auto-fix", () => {
  const countingAgent = 'n=$(cat count 2>/dev/null || echo 0); n=$((n+1)); echo $n > count; if [ $n -ge 3 ]; then echo fixed > fixed.txt; fi';

  it("sends the agent back with the failing check's log until it is green, within the attempts", async () => {
    const { task } = await taskWithChecks(countingAgent, [{ name: "lint", command: 'test -f fixed.txt || { echo "fixed.txt is missing (count $(cat count))"; exit 1; }' }], { autoFixAttempts: 3 });
    await spawnRun(operator, task.id);
    const runs = await until(
      () => prisma.run.findMany({ where: { taskId: task.id }, orderBy: { number: "asc" } }),
      (all) => all.length === 3 && all.every((run) => isFinalRunStatus(run.status)),
      "two fix runs",
      90_000,
    );
    expect(runs.map((run) => run.trigger)).toEqual(["manual", "autofix", "autofix"]);
    expect(runs[1]!.fixesHeadSha).toBe(runs[0]!.headSha);
    expect(runs[1]!.prompt).toContain("## Failing checks on");
    expect(runs[1]!.prompt).toContain("auto-fix attempt 1 of 3");
    expect(runs[1]!.prompt).toContain("### lint: failure");
    expect(runs[1]!.prompt).toContain("fixed.txt is missing (count 1)");
    expect(runs[2]!.prompt).toContain("fixed.txt is missing (count 2)");
    const [green] = await completedChecks(task.id, runs[2]!.headSha!, 1);
    expect(green).toMatchObject({ conclusion: "success" });
    expect(await spawnDueFixRuns(task.id)).toEqual([]);
    expect(await prisma.run.count({ where: { taskId: task.id } })).toBe(3);
  }, 120_000);

  it("stops at the cap when the agent never fixes it, also when asked again after a restart", async () => {
    const { task } = await taskWithChecks("date +%s%N > stamp", [{ name: "lint", command: "echo never; exit 1" }], { autoFixAttempts: 2 });
    await spawnRun(operator, task.id);
    const runs = await until(
      () => prisma.run.findMany({ where: { taskId: task.id }, orderBy: { number: "asc" } }),
      (all) => all.length === 3 && all.every((run) => isFinalRunStatus(run.status)),
      "two fix runs",
      90_000,
    );
    const last = await prisma.task.findUniqueOrThrow({ where: { id: task.id } });
    await completedChecks(task.id, last.headSha!, 1);
    await until(() => prisma.task.findUniqueOrThrow({ where: { id: task.id } }), (t) => t.status === "checks_failed", "task settled with its check failing");
    expect(await Promise.all([spawnDueFixRuns(), spawnDueFixRuns(task.id)])).toEqual([[], []]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(runs.map((run) => run.trigger)).toEqual(["manual", "autofix", "autofix"]);
    expect(await prisma.run.count({ where: { taskId: task.id } })).toBe(3);
  }, 120_000);
});
