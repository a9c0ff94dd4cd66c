import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { processAlive, processRecord, processStartTime, recordedProcessAlive } from "./process-alive";

/** A child of `sleep` that has exited: sh execs into a sleep that never waits for sh's background child. */
async function withZombie(use: (pid: number) => Promise<void>): Promise<void> {
  const parent = spawn("sh", ["-c", "sleep 0.05 & echo $!; exec sleep 30"], { stdio: ["ignore", "pipe", "ignore"] });
  try {
    const zombie = Number((await new Promise<Buffer>((resolve) => parent.stdout!.once("data", resolve))).toString().trim());
    await new Promise((resolve) => setTimeout(resolve, 300));
    await use(zombie);
  } finally {
    parent.kill("SIGKILL");
  }
}

describe("processAlive", () => {
  it("is true for this process and for init, false for a pid nobody has and for nonsense", () => {
    expect(processAlive(process.pid)).toBe(true);
    expect(processAlive(1)).toBe(true);
    expect(processAlive(2147483646)).toBe(false);
    expect(processAlive(Number.NaN)).toBe(false);
    expect(processAlive(0)).toBe(false);
  });

  it("is false for a process that exited but is not yet reaped (a zombie), though kill(pid, 0) still reaches it", async (context) => {
    if (!existsSync("/proc/self/stat")) return context.skip("zombies are told apart through /proc");
    await withZombie(async (zombie) => {
      expect(() => process.kill(zombie, 0)).not.toThrow();
      expect(processAlive(zombie)).toBe(false);
    });
  });

  it("is false for a live pid whose start time is not the recorded one (the pid was reused)", (context) => {
    const startTime = processStartTime();
    if (!startTime) return context.skip("start times come from /proc");
    expect(processAlive(process.pid, startTime)).toBe(true);
    expect(processAlive(process.pid, String(Number(startTime) + 1))).toBe(false);
  });
});

describe("recordedProcessAlive", () => {
  it("reads what processRecord writes, and takes an empty or garbled record for no holder", () => {
    expect(processRecord()).toMatch(new RegExp(`^${process.pid}( \\d+)?$`));
    expect(recordedProcessAlive(processRecord())).toBe(true);
    expect(recordedProcessAlive(`${process.pid}`)).toBe(true);
    expect(recordedProcessAlive("")).toBe(false);
    expect(recordedProcessAlive("not a pid")).toBe(false);
  });
});
