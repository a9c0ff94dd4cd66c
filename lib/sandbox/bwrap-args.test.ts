import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BwrapLayout, buildBwrapArgs } from "./bwrap-args.ts";

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "orch-bwrap-args-"));
  await mkdir(path.join(root, "data", "workspaces", "run-1"), { recursive: true });
  await writeFile(path.join(root, "server.key"), "secret");
});
afterAll(() => rm(root, { recursive: true, force: true }));

function layout(overrides: Partial<BwrapLayout> = {}): BwrapLayout {
  return {
    argv: ["bash", "-c", "echo hi"],
    workdir: path.join(root, "data", "workspaces", "run-1"),
    home: path.join(root, "data", "workspaces", "run-1-home"),
    env: { PATH: "/usr/bin", HOME: path.join(root, "data", "workspaces", "run-1-home") },
    shareHostNetwork: false,
    hiddenPaths: [path.join(root, "data")],
    readOnlyPaths: [],
    infoFd: 3,
    ...overrides,
  };
}

/** The mount operations, as "--option target". */
function mounts(args: string[]): string[] {
  const operations: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const option = args[index] ?? "";
    if (["--bind", "--ro-bind"].includes(option)) operations.push(`${option} ${args[(index += 2)]}`);
    if (["--tmpfs", "--dev", "--proc"].includes(option)) operations.push(`${option} ${args[++index]}`);
    if (option === "--") break;
  }
  return operations;
}

describe("buildBwrapArgs", () => {
  it("mounts a hidden directory before the clone and home inside it, so they stay visible", () => {
    const data = path.join(root, "data");
    const ops = mounts(buildBwrapArgs(layout()));
    expect(ops.slice(0, 4)).toEqual(["--ro-bind /", "--dev /dev", "--proc /proc", "--tmpfs /tmp"]);
    expect(ops.indexOf(`--tmpfs ${data}`)).toBeLessThan(ops.indexOf(`--bind ${layout().workdir}`));
    expect(ops.indexOf(`--tmpfs ${data}`)).toBeLessThan(ops.indexOf(`--bind ${layout().home}`));
    expect(ops).toContain("--tmpfs /root");
  });

  it("mounts a home inside the clone after the clone", () => {
    const workdir = path.join(root, "data", "workspaces", "run-1");
    const home = path.join(workdir, ".home");
    const ops = mounts(buildBwrapArgs(layout({ workdir, home })));
    expect(ops.indexOf(`--bind ${workdir}`)).toBeLessThan(ops.indexOf(`--bind ${home}`));
  });

  it("covers a hidden file with /dev/null and skips hidden paths that do not exist", () => {
    const args = buildBwrapArgs(layout({ hiddenPaths: [path.join(root, "server.key"), path.join(root, "missing")] }));
    expect(args.join(" ")).toContain(`--ro-bind /dev/null ${path.join(root, "server.key")}`);
    expect(args.join(" ")).not.toContain("missing");
  });

  it("unshares the network only when it is off", () => {
    expect(buildBwrapArgs(layout({ shareHostNetwork: false }))).toContain("--unshare-net");
    expect(buildBwrapArgs(layout({ shareHostNetwork: true }))).not.toContain("--unshare-net");
  });

  it("starts the environment empty and sets exactly the given variables, then runs argv as is", () => {
    const args = buildBwrapArgs(layout());
    const separator = args.indexOf("--");
    expect(args.slice(separator + 1)).toEqual(["bash", "-c", "echo hi"]);
    const clearAt = args.indexOf("--clearenv");
    expect(clearAt).toBeGreaterThan(-1);
    const setenvs = args.flatMap((arg, index) => (arg === "--setenv" ? [args[index + 1]] : []));
    expect(setenvs).toEqual(["PATH", "HOME"]);
    expect(args.indexOf("--setenv")).toBeGreaterThan(clearAt);
  });
});
