// A worker without bubblewrap (SANDBOX=none, as on a host without it): runs are refused while the
// admin setting "require sandbox" is on, and run as plain process groups, shown as such, when it is off.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { createBareGitRepo, createTestActor, createTestRepository, createTestTask } from "../testing/factories.ts";
import { finishedRun } from "../testing/until.ts";
import { spawnRun } from "../pipeline/spawn-run.ts";

let operator: Actor;
let worker: ChildProcess;
const upstreams: Array<{ remove(): Promise<void> }> = [];

beforeAll(async () => {
  operator = await createTestActor("operator");
  worker = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], { env: { ...process.env, SANDBOX: "none" }, stdio: "ignore" });
});

afterAll(async () => {
  worker.kill("SIGTERM");
  await new Promise((resolve) => worker.once("exit", resolve));
  await prisma.setting.deleteMany({ where: { key: "requireSandbox" } });
  await Promise.all(upstreams.map((upstream) => upstream.remove()));
});

async function requireSandbox(value: boolean) {
  await prisma.setting.upsert({ where: { key: "requireSandbox" }, create: { key: "requireSandbox", value }, update: { value } });
}

describe("a worker without a sandbox", () => {
  it("refuses runs while the admin requires a sandbox, and runs them as a process group once not", async () => {
    const upstream = await createBareGitRepo(["main"]);
    upstreams.push(upstream);
    const refs = () => execFileSync("git", ["--git-dir", upstream.path, "for-each-ref"], { encoding: "utf8" });
    const before = refs();
    const repository = await createTestRepository({ upstream: upstream.path });
    const task = await createTestTask(repository, operator, { agent: { kind: "script", script: "echo made > made.txt" } });

    await prisma.setting.deleteMany({ where: { key: "requireSandbox" } }); // the default: required
    const refused = await finishedRun((await spawnRun(operator, task.id)).id);
    expect(refused.status).toBe("failed");
    expect(refused.error).toMatch(/No sandbox \(bubblewrap\) is available on this worker and the admin setting "require sandbox" is on: install bubblewrap, or turn the setting off/);
    const refusedLog = await prisma.runEvent.findMany({ where: { runId: refused.id }, orderBy: { seq: "asc" } });
    expect(refusedLog.some((event) => event.stream !== "system")).toBe(false);
    expect(refs()).toBe(before);

    await requireSandbox(false);
    const ran = await finishedRun((await spawnRun(operator, task.id)).id);
    expect(ran.status).toBe("succeeded");
    expect(ran.sandbox).toBe("none");
    const ranLog = await prisma.runEvent.findMany({ where: { runId: ran.id }, orderBy: { seq: "asc" } });
    expect(ranLog[0]?.text).toMatch(/sandbox: none — agents can reach everything this user can$/);
    // The repository's agents are on the allowlist (the default), which only bubblewrap can hold them to.
    expect(ranLog.map((event) => event.text)).toContain("network: the allowed hosts cannot be enforced without bubblewrap; this process has the host's network");
    const made = execFileSync("git", ["--git-dir", upstream.path, "show", `${ran.headSha}:made.txt`], { encoding: "utf8" });
    expect(made).toBe("made\n");
  }, 120_000);
});
