import { execFileSync, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, rmdirSync, utimesSync } from "node:fs";
import path from "node:path";
import { expect, it, onTestFinished } from "vitest";
import { startRun } from "../testing/sandbox-test-support.ts";
import { bwrapSandbox } from "./bwrap-sandbox.ts";
import { locatePidsParent, removeOrphanedCgroups } from "./pids-cgroup.ts";

it("removes the empty cgroups runs of a killed server left behind, never a fresh or a busy one", async (context) => {
  const parent = locatePidsParent();
  if (!parent) return context.skip("no pids cgroup can be created on this host");
  const make = (ageMs: number) => {
    const directory = path.join(parent, `code-orchestrator-run-${randomUUID()}`);
    mkdirSync(directory);
    const when = new Date(Date.now() - ageMs);
    utimesSync(directory, when, when);
    onTestFinished(() => {
      if (existsSync(directory)) rmdirSync(directory);
    });
    return directory;
  };
  const leftover = make(10 * 60_000);
  const fresh = make(0);
  const busy = make(10 * 60_000);
  const sleeper = spawn("/bin/sh", ["-c", 'echo 0 > "$1" && exec sleep 30', "sh", path.join(busy, "cgroup.procs")], { stdio: "ignore" });
  onTestFinished(async () => {
    sleeper.kill("SIGKILL");
    await new Promise((resolve) => sleeper.once("exit", resolve));
    await new Promise((resolve) => setTimeout(resolve, 100));
  });
  await new Promise((resolve) => setTimeout(resolve, 200));
  const busyWhen = new Date(Date.now() - 10 * 60_000);
  utimesSync(busy, busyWhen, busyWhen);

  removeOrphanedCgroups(parent);
  expect({ leftover: existsSync(leftover), fresh: existsSync(fresh), busy: existsSync(busy) }).toEqual({ leftover: false, fresh: true, busy: true });
});

it("accounts the CPU time of every process of a run, those it started included", async (context) => {
  if (!locatePidsParent()) return context.skip("no pids cgroup can be created on this host");
  // Two children count to 200,000 each (about half a CPU second each here); bash's `times` measures the
  // same work outside the sandbox: the children's user and system time, on its second line.
  const count = "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done";
  const work = `(${count}) & (${count}) & wait`;
  const outside = execFileSync("bash", ["-c", `${work}; times`], { encoding: "utf8" }).trim().split("\n")[1]!;
  const [user, system] = [...outside.matchAll(/(\d+)m([\d.]+)s/g)].map((match) => Number(match[1]) * 60 + Number(match[2]));
  const run = await startRun(bwrapSandbox, { argv: ["bash", "-c", work], timeoutMs: 30_000 });
  const result = await run.finish();
  expect(result.exitCode).toBe(0);
  expect(result.cpuSeconds).toBeGreaterThan((user! + system!) * 0.6);
  expect(result.cpuSeconds).toBeLessThan((user! + system!) * 1.6 + 0.2);
});
