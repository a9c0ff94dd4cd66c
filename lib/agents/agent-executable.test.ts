import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bwrapSandbox } from "../sandbox/bwrap-sandbox.ts";
import { startRun } from "../testing/sandbox-test-support.ts";
import { resolveAgentExecutable } from "./agent-executable.ts";

// An npm user prefix under /tmp, which the sandbox replaces with its own, as under a user's home:
// prefix/bin/fake-agent → ../lib/node_modules/fake-agent/cli.js, which needs a package beside it.
let prefix: string;
let modules: string;

beforeAll(async () => {
  prefix = await mkdtemp(path.join(os.tmpdir(), "orch-npm-prefix-"));
  modules = path.join(prefix, "lib", "node_modules");
  await mkdir(path.join(modules, "fake-agent"), { recursive: true });
  await mkdir(path.join(modules, "fake-dependency"), { recursive: true });
  await writeFile(path.join(modules, "fake-dependency", "index.js"), 'module.exports = "the dependency answered";\n');
  const cli = path.join(modules, "fake-agent", "cli.js");
  await writeFile(cli, '#!/usr/bin/env node\nconsole.log(require("../fake-dependency/index.js"));\n');
  await chmod(cli, 0o755);
  await mkdir(path.join(prefix, "bin"));
  await symlink("../lib/node_modules/fake-agent/cli.js", path.join(prefix, "bin", "fake-agent"));
});
afterAll(() => rm(prefix, { recursive: true, force: true }));

describe("resolveAgentExecutable", () => {
  it("finds the program on PATH by its real path, with its npm install and its #! interpreter to show", async () => {
    const searchPath = `${path.join(prefix, "bin")}:/usr/bin:/bin`;
    const original = process.env.PATH;
    process.env.PATH = searchPath;
    try {
      const resolved = await resolveAgentExecutable("fake-agent");
      const node = await resolveAgentExecutable("node");
      expect(resolved).toEqual({ path: path.join(modules, "fake-agent", "cli.js"), mounts: [modules, ...node!.mounts] });
      expect(await resolveAgentExecutable("no-such-agent-anywhere")).toBeNull();
    } finally {
      process.env.PATH = original;
    }
  });

  it("makes a CLI installed where the sandbox hides it run inside the sandbox, which it does not by its name alone", async () => {
    const env = { PATH: `${path.join(prefix, "bin")}:/usr/local/bin:/usr/bin:/bin` };
    const byName = await startRun(bwrapSandbox, { argv: ["fake-agent"], env });
    expect((await byName.finish()).exitCode).not.toBe(0);

    const original = process.env.PATH;
    process.env.PATH = env.PATH;
    const resolved = await resolveAgentExecutable("fake-agent").finally(() => (process.env.PATH = original));
    const shown = await startRun(bwrapSandbox, { argv: [resolved!.path], env, readOnlyPaths: resolved!.mounts });
    expect({ exit: (await shown.finish()).exitCode, stdout: shown.stdout(), stderr: shown.stderr() }).toEqual({ exit: 0, stdout: "the dependency answered\n", stderr: "" });
  });
});
