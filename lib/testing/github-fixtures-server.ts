import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
// The recorded scenarios of @octokit/fixtures and the ones this project recorded in the same format.
const FIXTURES = `{node_modules/@octokit/fixtures/scenarios/api.github.com/*/normalized-fixture.json,lib/testing/fixtures/github/*.json}`;

export interface FixturesServer {
  /** Loads a scenario: the returned URL stands for https://api.github.com until its requests are used up. */
  load(scenario: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * @octokit/fixtures-server on a free loopback port, in a process of its own (it mocks with nock).
 * `extraDir` adds scenarios a test wrote itself (for requests that carry its own commit ids).
 */
export async function startFixturesServer(extraDir?: string): Promise<FixturesServer> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const fixtures = extraDir ? FIXTURES.replace("}", `,${path.relative(ROOT, extraDir)}/*.json}`) : FIXTURES;
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, "node_modules/@octokit/fixtures-server/bin/server.js"), "--port", String(port), "--fixtures-url", base, "--log-level", "error", "--fixtures", fixtures], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let attempt = 0; !(await fetch(`${base}/ping`).then((response) => response.ok, () => false)); attempt++) {
    if (attempt > 200 || child.exitCode !== null) throw new Error("the fixtures server did not start");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    async load(scenario) {
      const response = await fetch(`${base}/fixtures`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ scenario }) });
      const body = (await response.json()) as { url?: string; error?: string };
      if (!body.url) throw new Error(body.error ?? `scenario ${scenario} not loaded`);
      return body.url;
    },
    async stop() {
      child.kill("SIGTERM");
      if (child.exitCode === null) await new Promise((resolve) => child.once("exit", resolve));
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
