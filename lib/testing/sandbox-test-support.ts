import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { expect, it, onTestFinished } from "vitest";
import { truncationMarker } from "../sandbox/output-cap.ts";
import { findProcesses } from "../sandbox/process-scan.ts";
import { signalGroup } from "../sandbox/signals.ts";
import type { Sandbox, SandboxedProcess, SandboxResult, SandboxSpawnOptions } from "../sandbox/types.ts";

export interface RunDirectories {
  root: string;
  workdir: string;
  home: string;
}

/**
 * A clone and a private home under a fresh directory, removed when the test ends. Under /var/tmp, not
 * /tmp, which the bwrap sandbox replaces with its own: there the clone's parent is read-only.
 */
export async function createRunDirectories(): Promise<RunDirectories> {
  const root = await mkdtemp(path.join("/var/tmp", "orch-sandbox-test-"));
  onTestFinished(() => rm(root, { recursive: true, force: true }));
  const workdir = path.join(root, "work");
  const home = path.join(root, "home");
  await mkdir(workdir);
  await mkdir(home);
  return { root, workdir, home };
}

export interface TestRun {
  process: SandboxedProcess;
  /** In every process's environment (SANDBOX_TEST_MARKER), to find survivors. */
  marker: string;
  directories: RunDirectories;
  stdout(): string;
  stderr(): string;
  capturedBytes(): number;
  waitForStdout(text: string, timeoutMs?: number): Promise<void>;
  /** The result, once all output has been read. */
  finish(): Promise<SandboxResult>;
}

type TestRunOptions = Partial<SandboxSpawnOptions> & { argv: string[]; directories?: RunDirectories };

/** Spawns with test defaults and reads the output as it comes; a failing test still kills its run. */
export async function startRun(sandbox: Sandbox, options: TestRunOptions): Promise<TestRun> {
  const directories = options.directories ?? (await createRunDirectories());
  const marker = `orch-test-${randomUUID()}`;
  let stdout = "";
  let stderr = "";
  let capturedBytes = 0;
  const process = sandbox.spawnSandboxed({
    workdir: directories.workdir,
    home: directories.home,
    network: { policy: "off" },
    timeoutMs: 10_000,
    graceMs: 500,
    ...options,
    env: { SANDBOX_TEST_MARKER: marker, ...options.env },
    onOutput(chunk) {
      capturedBytes += chunk.data.length;
      if (chunk.stream === "stdout") stdout += chunk.data.toString();
      else stderr += chunk.data.toString();
    },
  });
  onTestFinished(async () => {
    process.cancel();
    await process.done;
  });

  return {
    process,
    marker,
    directories,
    stdout: () => stdout,
    stderr: () => stderr,
    capturedBytes: () => capturedBytes,
    async waitForStdout(text, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (!stdout.includes(text)) {
        if (Date.now() > deadline) throw new Error(`no ${JSON.stringify(text)} in stdout: ${stdout}${stderr}`);
        await delay(10);
      }
    },
    finish() {
      return process.done;
    },
  };
}

const HOST_FIXTURE = path.join(import.meta.dirname, "fixtures", "sandbox", "sandbox-host.ts");

/** Live processes whose environment or command line mentions `marker`. */
export function processesMarkedWith(marker: string): Promise<number[]> {
  return findProcesses(
    ({ environ, cmdline }) =>
      environ.some((entry) => entry.includes(marker)) || cmdline.some((arg) => arg.includes(marker)),
  );
}

/** Waits until at least `count` processes carry `marker` (one being exec'd can briefly hide its environment). */
export async function waitForMarkedProcesses(marker: string, count: number): Promise<void> {
  const deadline = Date.now() + 5_000;
  let found = 0;
  while ((found = (await processesMarkedWith(marker)).length) < count) {
    if (Date.now() > deadline) throw new Error(`only ${found} of ${count} processes carry ${marker}`);
    await delay(20);
  }
}

export function script(text: string): string[] {
  return ["bash", "-c", text];
}

/** What every sandbox implementation guarantees: environment allowlist, timeouts, cancel, limits. */
export function itBehavesAsASandbox(sandbox: Sandbox): void {
  it("passes only PATH, LANG, TERM, the private HOME and the assigned variables", async () => {
    const secrets = { DATABASE_URL: "postgres://secret", AUTH_SECRET: "auth-secret-value", GITHUB_TOKEN: "ghp_secret" };
    const saved = Object.fromEntries(Object.keys(secrets).map((name) => [name, process.env[name]]));
    Object.assign(process.env, secrets);
    onTestFinished(() => {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });
    const run = await startRun(sandbox, { argv: ["env"], env: { AGENT_API_KEY: "assigned-key" } });
    const result = await run.finish();
    expect(result).toMatchObject({ exitCode: 0, reason: "exited" });
    const names = run.stdout().trim().split("\n").map((line) => line.slice(0, line.indexOf("=")));
    expect(names).toEqual(expect.arrayContaining(["PATH", "LANG", "TERM", "HOME", "AGENT_API_KEY"]));
    expect(run.stdout()).toContain(`HOME=${run.directories.home}\n`);
    expect(run.stdout()).toContain("AGENT_API_KEY=assigned-key\n");
    for (const [name, value] of Object.entries(secrets)) {
      expect(run.stdout()).not.toContain(name);
      expect(run.stdout()).not.toContain(value);
    }
  });

  // The server (its event loop, the log ingest thread, the embedded database) keeps the CPU first when
  // agents and their builds take every core: live logs stay live.
  it("runs the agent and everything it starts at a lower CPU priority (nice 10) than the server", async () => {
    const run = await startRun(sandbox, { argv: script("nice; bash -c nice") });
    expect(await run.finish()).toMatchObject({ exitCode: 0 });
    expect(run.stdout()).toBe("10\n10\n");
  });

  it("sends SIGTERM first at the timeout, so a cooperative agent can clean up within the grace", async () => {
    const startedAt = Date.now();
    const run = await startRun(sandbox, {
      argv: script("trap 'echo cleaning up; exit 3' TERM; sleep 1000 & wait"),
      timeoutMs: 300,
      graceMs: 5_000,
    });
    const result = await run.finish();
    expect(result).toMatchObject({ exitCode: 3, reason: "timed_out" });
    expect(run.stdout()).toContain("cleaning up");
    expect(Date.now() - startedAt).toBeLessThan(3_000);
    expect(await processesMarkedWith(run.marker)).toEqual([]);
  });

  it("kills a SIGTERM-ignoring agent and its grandchildren at the timeout after the grace", async () => {
    const startedAt = Date.now();
    const run = await startRun(sandbox, {
      argv: script("trap '' TERM; sleep 1000 & (sleep 1000 & wait) & echo ready; wait"),
      timeoutMs: 500,
      graceMs: 500,
    });
    await run.waitForStdout("ready");
    await waitForMarkedProcesses(run.marker, 4);
    const result = await run.finish();
    expect(result.reason).toBe("timed_out");
    expect(result.exitCode === null ? result.signal : result.exitCode).toBeOneOf(["SIGKILL", 128 + 9]);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1_000);
    expect(await processesMarkedWith(run.marker)).toEqual([]);
  });

  it("cancel() stops the run with reason cancelled and leaves no process behind", async () => {
    const run = await startRun(sandbox, { argv: script("sleep 1000 & sleep 1000 & echo ready; wait") });
    await run.waitForStdout("ready");
    run.process.cancel();
    const result = await run.finish();
    expect(result.reason).toBe("cancelled");
    expect(await processesMarkedWith(run.marker)).toEqual([]);
  });

  it("kills what the agent left running in the background when it exits", async () => {
    const run = await startRun(sandbox, { argv: script("sleep 1000 & sleep 1000 & echo ready") });
    const result = await run.finish();
    expect(result).toMatchObject({ exitCode: 0, reason: "exited" });
    expect(await processesMarkedWith(run.marker)).toEqual([]);
  });

  it("keeps the output up to the cap, adds one marker line, drops the rest and lets the agent finish", async () => {
    const capBytes = 100 * 1024;
    const writtenBytes = 2_000_000;
    const run = await startRun(sandbox, {
      argv: script(`head -c ${writtenBytes} /dev/zero | tr '\\0' x`),
      outputCapBytes: capBytes,
    });
    const result = await run.finish();
    expect(result).toMatchObject({ exitCode: 0, reason: "exited", truncated: true, outputBytes: writtenBytes });
    const markerLine = `\n${truncationMarker(capBytes)}\n`;
    expect(markerLine).toBe("\n[output truncated at 100 KB]\n");
    expect(run.stdout().endsWith(markerLine)).toBe(true);
    expect(run.capturedBytes()).toBe(capBytes + markerLine.length);
  });

  it("holds the run to its process limit, then kills it at the timeout", async (context) => {
    const maxProcesses = 50;
    const run = await startRun(sandbox, {
      argv: script("for i in $(seq 200); do sleep 1000 & done; wait"),
      maxProcesses,
      timeoutMs: 1_500,
    });
    if (run.process.processLimit === null) context.skip("no pids cgroup can be created on this host");
    let most = 0;
    while (!(await Promise.race([run.process.done.then(() => true), delay(100, false)]))) {
      most = Math.max(most, (await processesMarkedWith(run.marker)).length);
    }
    const result = await run.finish();
    expect(result.reason).toBe("timed_out");
    expect(most).toBeGreaterThan(maxProcesses / 2);
    expect(most).toBeLessThanOrEqual(maxProcesses);
    expect(run.stderr()).toMatch(/fork/i);
    expect(await processesMarkedWith(run.marker)).toEqual([]);
  });

  it("ends a run whose program does not exist as a failure with the reason on stderr", async () => {
    const run = await startRun(sandbox, { argv: ["/nonexistent/agent", "--flag"] });
    const result = await run.finish();
    expect(result.reason).toBe("exited");
    expect(result.exitCode).not.toBe(0);
    expect(run.stderr()).toContain("/nonexistent/agent");
  });

  it("throws when the working directory is missing", async () => {
    const directories = await createRunDirectories();
    await rm(directories.workdir, { recursive: true });
    const { workdir, home } = directories;
    expect(() =>
      sandbox.spawnSandboxed({ argv: ["true"], workdir, home, env: {}, network: { policy: "off" }, timeoutMs: 1_000, onOutput: () => {} }),
    ).toThrow(/cannot start/);
  });

  it("stops the run and fails it with the error when its output cannot be taken", async () => {
    const { workdir, home } = await createRunDirectories();
    const marker = `orch-test-${randomUUID()}`;
    let calls = 0;
    const process = sandbox.spawnSandboxed({
      argv: script("trap '' TERM; echo first; sleep 1000 & while true; do echo more; sleep 0.05; done"),
      workdir,
      home,
      env: { SANDBOX_TEST_MARKER: marker },
      network: { policy: "off" },
      timeoutMs: 10_000,
      graceMs: 300,
      onOutput() {
        calls++;
        throw new Error("disk full");
      },
    });
    await expect(process.done).rejects.toThrow("disk full");
    expect(calls).toBe(1);
    expect(await processesMarkedWith(marker)).toEqual([]);
  });

  it("leaves no process of the run behind when the server is killed (kill -9 of its process group)", async () => {
    const { workdir, home } = await createRunDirectories();
    const marker = `orch-test-${randomUUID()}`;
    const host = spawn(process.execPath, ["--import", "tsx", HOST_FIXTURE, sandbox.kind, workdir, home, marker], {
      detached: true,
      stdio: ["ignore", "pipe", "inherit"],
    });
    onTestFinished(() => signalGroup(host.pid!, "SIGKILL"));
    await new Promise<void>((resolve, reject) => {
      host.stdout!.on("data", (data: Buffer) => data.toString().includes("ready") && resolve());
      host.once("exit", (code) => reject(new Error(`the host exited with ${code} before its agent was up`)));
    });
    await waitForMarkedProcesses(marker, 3);
    process.kill(-host.pid!, "SIGKILL");
    const deadline = Date.now() + 3_000;
    let survivors = await processesMarkedWith(marker);
    while (survivors.length > 0 && Date.now() < deadline) {
      await delay(50);
      survivors = await processesMarkedWith(marker);
    }
    expect(survivors).toEqual([]);
  });

  it("gives the agent its stdin", async () => {
    const run = await startRun(sandbox, { argv: ["cat"], stdin: "the prompt\n" });
    const result = await run.finish();
    expect(result.exitCode).toBe(0);
    expect(run.stdout()).toBe("the prompt\n");
  });
}
