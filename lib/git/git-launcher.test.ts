import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findProcesses } from "../sandbox/process-scan.ts";
import { until } from "../testing/until.ts";
import { launchGit, startGitLauncher } from "./git-launcher.ts";
import { runGit } from "./run-git.ts";

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "orch-git-launcher-"));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function launcherPid(): number {
  const launcher = (globalThis as unknown as { gitLauncher?: { child: { pid: number } } }).gitLauncher;
  return launcher!.child.pid;
}

describe("the git launcher", () => {
  it("runs git in the given directory with the given environment, many calls at once, each with its own answer", async () => {
    const repo = path.join(root, "repo");
    expect((await runGit(["init", "--quiet", repo])).code).toBe(0);
    const calls = Array.from({ length: 20 }, (_, index) =>
      runGit(["config", "--get", `user.name`], { cwd: repo, env: { GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: "user.name", GIT_CONFIG_VALUE_0: `name ${index}` } }),
    );
    const results = await Promise.all(calls);
    expect(results.map((result) => result.stdout.trim())).toEqual(Array.from({ length: 20 }, (_, index) => `name ${index}`));
    expect(results.every((result) => result.code === 0 && !result.timedOut)).toBe(true);
  });

  it("answers git's exit code and stderr when git fails, and an error when git cannot start", async () => {
    const failed = await runGit(["--git-dir", path.join(root, "missing.git"), "rev-parse", "HEAD"]);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toMatch(/not a git repository/);
    await expect(runGit(["status"], { cwd: path.join(root, "no-such-directory") })).rejects.toThrow(/git could not be started/);
  });

  it("kills git and what it started at the time limit", async () => {
    const started = Date.now();
    const result = await launchGit({ args: ["-c", "alias.wait=!exec sleep 31.5", "wait"], env: process.env, timeoutMs: 200 });
    expect(result.timedOut).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
    const sleeping = await findProcesses(({ cmdline }) => cmdline.join(" ") === "sleep 31.5");
    expect(sleeping).toEqual([]);
  });

  it("stops the git it runs when the server dies", async () => {
    const sleeper = "sleep 33.7";
    const server = spawn(process.execPath, ["--import", "tsx", "-e", `
      const { launchGit } = await import(${JSON.stringify(path.resolve("lib/git/git-launcher.ts"))});
      await launchGit({ args: ["-c", "alias.wait=!exec ${sleeper}", "wait"], env: process.env, timeoutMs: 60_000 });
    `], { stdio: "ignore" });
    const isSleeper = ({ cmdline }: { cmdline: string[] }) => cmdline.join(" ") === sleeper;
    await until(() => findProcesses(isSleeper), (found) => found.length === 1, "git's sleep to start", 10_000);
    server.kill("SIGKILL");
    await until(() => findProcesses(isSleeper), (found) => found.length === 0, "git's sleep to be stopped", 10_000);
  });

  it("fails the calls in flight when the launcher dies, and starts a new one for the next call", async () => {
    startGitLauncher();
    const dying = launcherPid();
    const inFlight = launchGit({ args: ["-c", "alias.wait=!exec sleep 2", "wait"], env: process.env, timeoutMs: 10_000 });
    process.kill(dying, "SIGKILL");
    await expect(inFlight).rejects.toThrow(/git launcher exited/);
    const next = await runGit(["--version"]);
    expect(next.stdout).toMatch(/^git version/);
    expect(launcherPid()).not.toBe(dying);
  });
});
