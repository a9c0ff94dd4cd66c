import { spawn } from "node:child_process";
import { once } from "node:events";
import { lstat, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withMirrorLock } from "./mirror-lock.ts";

let dir: string;
let mirrorPath: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "orch-mirror-lock-"));
  mirrorPath = path.join(dir, "repo.git");
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("withMirrorLock", () => {
  it("runs one task at a time per mirror, in call order, and goes on after a failure", async () => {
    const events: string[] = [];
    const task = (name: string, ms: number, fail = false) => async () => {
      events.push(`start ${name}`);
      await pause(ms);
      events.push(`end ${name}`);
      if (fail) throw new Error(name);
    };
    const results = await Promise.allSettled([
      withMirrorLock(mirrorPath, task("a", 30)),
      withMirrorLock(mirrorPath, task("b", 5, true)),
      withMirrorLock(mirrorPath, task("c", 1)),
    ]);
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(events).toEqual(["start a", "end a", "start b", "end b", "start c", "end c"]);
    expect(await lstat(`${mirrorPath}.lock`).catch(() => null)).toBeNull();
  });

  it("waits while another live process holds the lock file and takes it once that process is gone", async () => {
    const holder = spawn("sleep", ["30"]);
    await writeFile(`${mirrorPath}.lock`, JSON.stringify({ host: os.hostname(), pid: holder.pid, nonce: "other" }));
    let entered = false;
    const waiting = withMirrorLock(mirrorPath, async () => {
      entered = true;
    });
    await pause(200);
    expect(entered).toBe(false);

    holder.kill("SIGKILL");
    await once(holder, "exit");
    await waiting;
    expect(entered).toBe(true);
  });
});
