import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { bwrapSandbox } from "./bwrap-sandbox.ts";
import { startEgressProxy } from "./egress/egress-proxy.ts";
import {
  createRunDirectories,
  itBehavesAsASandbox,
  processesMarkedWith,
  script,
  startRun,
  waitForMarkedProcesses,
} from "../testing/sandbox-test-support.ts";

/** Each probe prints name=ok when its command succeeds inside the sandbox, name=denied otherwise. */
function probes(commands: Record<string, string>): string[] {
  const lines = Object.entries(commands).map(
    ([name, command]) => `if ( ${command} ) 2>/dev/null; then echo ${name}=ok; else echo ${name}=denied; fi`,
  );
  return script(lines.join("\n"));
}

function probeResults(stdout: string): Record<string, string> {
  return Object.fromEntries(stdout.trim().split("\n").map((line) => line.split("=") as [string, string]));
}

describe("bwrapSandbox", () => {
  itBehavesAsASandbox(bwrapSandbox);

  it("lets the agent write only in its clone and its HOME, and hides the server's secrets", async () => {
    const directories = await createRunDirectories();
    const dataDir = path.join(directories.root, "data");
    const mirror = path.join(dataDir, "mirrors", "repo.git");
    await mkdir(mirror, { recursive: true });
    await writeFile(path.join(dataDir, "secret.txt"), "top-secret");
    await writeFile(path.join(mirror, "objects"), "mirror-object");
    const secretFile = path.join(directories.root, "server.key");
    await writeFile(secretFile, "top-secret");
    const privateTmpFile = `/tmp/orch-sandbox-test-${randomUUID()}`;
    const outside = ["/etc/orch-sandbox-test", "/work/orch-sandbox-test", `${process.cwd()}/orch-sandbox-test`];

    const run = await startRun(bwrapSandbox, {
      directories,
      argv: probes({
        workdir: "echo data > written-in-workdir",
        home: 'echo data > "$HOME/written-in-home"',
        privateTmp: `echo data > ${privateTmpFile} && grep -q data ${privateTmpFile}`,
        etc: `touch ${outside[0]}`,
        work: `touch ${outside[1]}`,
        repository: `touch ${outside[2]}`,
        parentOfWorkdir: `touch ${directories.root}/written-in-parent`,
        hiddenDirectory: `grep -q top-secret ${dataDir}/secret.txt`,
        hiddenFile: `grep -q top-secret ${secretFile}`,
        rootHome: "ls -A /root | grep -q .",
        mirrorReadable: `grep -q mirror-object ${mirror}/objects`,
        mirrorWritable: `echo changed > ${mirror}/objects`,
        serverProcess: `kill -0 ${process.pid}`,
        remount: "mount -o remount,rw /",
        newUserNamespace: "unshare --user --map-root-user true",
        noCapabilities: "grep -qE '^CapEff:\\s+0+$' /proc/self/status",
      }),
      hiddenPaths: [dataDir, secretFile],
      readOnlyPaths: [mirror],
    });
    const result = await run.finish();

    expect(result).toMatchObject({ exitCode: 0, reason: "exited" });
    expect(probeResults(run.stdout())).toEqual({
      workdir: "ok",
      home: "ok",
      privateTmp: "ok",
      etc: "denied",
      work: "denied",
      repository: "denied",
      parentOfWorkdir: "denied",
      hiddenDirectory: "denied",
      hiddenFile: "denied",
      rootHome: "denied",
      mirrorReadable: "ok",
      mirrorWritable: "denied",
      serverProcess: "denied",
      remount: "denied",
      newUserNamespace: "denied",
      noCapabilities: "ok",
    });
    expect(await readFile(path.join(directories.workdir, "written-in-workdir"), "utf8")).toBe("data\n");
    expect(await readFile(path.join(directories.home, "written-in-home"), "utf8")).toBe("data\n");
    expect(await readFile(path.join(mirror, "objects"), "utf8")).toBe("mirror-object");
    for (const file of [privateTmpFile, ...outside, path.join(directories.root, "written-in-parent")]) {
      expect(existsSync(file)).toBe(false);
    }
  });

  it("reaches a loopback server only when the network is allowed", async () => {
    const server = net.createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    onTestFinished(() => void server.close());
    const { port } = server.address() as net.AddressInfo;
    const argv = script(`exec 3<>/dev/tcp/127.0.0.1/${port} && echo connected`);

    const offline = await startRun(bwrapSandbox, { argv, network: { policy: "off" } });
    expect((await offline.finish()).exitCode).not.toBe(0);
    expect(offline.stdout()).toBe("");

    const online = await startRun(bwrapSandbox, { argv, network: { policy: "full" } });
    expect((await online.finish()).exitCode).toBe(0);
    expect(online.stdout()).toBe("connected\n");
  });

  describe("under the allowlist policy", () => {
    async function httpServer(answer: string): Promise<number> {
      const server = http.createServer((request, response) => response.end(`${answer} ${request.url}`));
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      onTestFinished(() => {
        server.close();
        server.closeAllConnections();
      });
      return (server.address() as net.AddressInfo).port;
    }

    async function allowlist(allowedHosts: string[]) {
      const blocked: string[] = [];
      const proxy = await startEgressProxy({ allowedHosts, onBlocked: (target) => blocked.push(target) });
      onTestFinished(() => proxy.close());
      return { network: { policy: "allowlist" as const, proxy }, blocked };
    }

    it("reaches a listed host by proxy and by address, and nothing else, each refusal reported", async () => {
      const listed = await httpServer("listed");
      const other = await httpServer("other");
      const { network, blocked } = await allowlist([`127.0.0.1:${listed}`]);
      const run = await startRun(bwrapSandbox, {
        network,
        argv: script(
          [
            `curl -sS --max-time 5 http://127.0.0.1:${listed}/by-proxy; echo`,
            `curl -sS --max-time 5 -o /dev/null -w '%{http_code}\\n' http://127.0.0.1:${other}/refused`,
            `curl -sS --max-time 5 --noproxy '*' http://127.0.0.1:${listed}/by-address; echo`,
            `curl -s --max-time 5 --noproxy '*' http://127.0.0.1:${other}/direct || echo direct-other-unreachable`,
            `curl -s --max-time 5 --noproxy '*' https://registry.npmjs.org/ >/dev/null || echo outside-unreachable`,
          ].join("\n"),
        ),
      });
      expect(await run.finish()).toMatchObject({ exitCode: 0 });
      expect(run.stdout().trim().split("\n")).toEqual([`listed /by-proxy`, "403", `listed /by-address`, "direct-other-unreachable", "outside-unreachable"]);
      expect(blocked).toEqual([`127.0.0.1:${other}`]);
    });

    it("exits as its command does, and a timeout stops it and everything it started", async () => {
      const { network } = await allowlist([]);
      const exits = await startRun(bwrapSandbox, { network, argv: script("exit 7") });
      expect(await exits.finish()).toMatchObject({ exitCode: 7, reason: "exited" });
      const killed = await startRun(bwrapSandbox, { network, argv: script("kill -KILL $$") });
      expect((await killed.finish()).exitCode).toBe(128 + 9);

      const hangs = await startRun(bwrapSandbox, { network, argv: script("sleep 1000 & echo started; wait"), timeoutMs: 1_500 });
      await hangs.waitForStdout("started", 5_000);
      expect(await hangs.finish()).toMatchObject({ reason: "timed_out" });
      expect(await processesMarkedWith(hangs.marker)).toEqual([]);
    });
  });

  it("kills a bounded fork bomb of 200 sleeping children at the timeout, leaving none", async () => {
    // The timeout leaves room for the 200 forks: with 2 s, a loaded machine (bubblewrap's start and
    // 200 fork/execs on 2 busy cores) was killed before "spawned", and the bomb was never checked.
    const run = await startRun(bwrapSandbox, {
      argv: script("for i in $(seq 200); do sleep 1000 & done; echo spawned; wait"),
      timeoutMs: 8_000,
    });
    await run.waitForStdout("spawned", 8_000);
    await waitForMarkedProcesses(run.marker, 200);
    const result = await run.finish();
    expect(result.reason).toBe("timed_out");
    expect(await processesMarkedWith(run.marker)).toEqual([]);
  });
});
