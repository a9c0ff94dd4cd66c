import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { claimWorkspaceRoot, removeDeadWorkspaces } from "./workspace-root";

let workspacesDir: string;
beforeEach(async () => {
  workspacesDir = await mkdtemp(path.join(os.tmpdir(), "orch-workspaces-"));
});
afterEach(() => rm(workspacesDir, { recursive: true, force: true }));

async function leaveWorkspace(name: string, owner: string): Promise<string> {
  const dir = path.join(workspacesDir, name);
  await mkdir(path.join(dir, "clone"), { recursive: true });
  await writeFile(path.join(dir, "clone", "big.bin"), "x".repeat(1024));
  await writeFile(path.join(dir, "owner.pid"), owner);
  return dir;
}

describe("removeDeadWorkspaces", () => {
  it("keeps a live owner's workspace and removes those of owners that are gone or have no owner file", async () => {
    const root = await claimWorkspaceRoot(workspacesDir, "live-worker");
    const gone = await leaveWorkspace("gone-worker", "2147483646");
    const unowned = path.join(workspacesDir, "unowned");
    await mkdir(unowned);

    await removeDeadWorkspaces(workspacesDir);

    expect(existsSync(root)).toBe(true);
    expect(existsSync(gone)).toBe(false);
    expect(existsSync(unowned)).toBe(false);
  });

  it("takes a live process whose start time differs from the recorded one (a reused pid) for gone", async (context) => {
    if (!existsSync("/proc/self/stat")) return context.skip("start times come from /proc");
    const root = await claimWorkspaceRoot(workspacesDir, "this-worker");
    const [pid, startTime] = (await readFile(path.join(root, "owner.pid"), "utf8")).split(" ");
    expect(Number(pid)).toBe(process.pid);
    expect(startTime).toMatch(/^\d+$/);
    const reused = await leaveWorkspace("reused-pid-worker", `${process.pid} ${Number(startTime) - 1}`);

    await removeDeadWorkspaces(workspacesDir);

    expect(existsSync(root)).toBe(true);
    expect(existsSync(reused)).toBe(false);
  });
});
