// The egress proxy's cost, measured inside bubblewrap as an agent sees it, against the same requests
// with the host's network (policy full) in the same run:
//   latency     N sequential HTTP requests, one new connection each, to a loopback origin: p50/p95 per
//               request through the proxy (plain HTTP proxy requests, and CONNECT tunnels) minus direct
//   throughput  a 50 MB download: MB/s through a CONNECT tunnel beside direct (median of R)
//   start       a sandboxed `true` under allowlist beside off (the bridge's own start)
// Usage: npx tsx bench/egress-proxy.ts [--requests 500] [--repeats 5]
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { bwrapSandbox } from "../lib/sandbox/bwrap-sandbox.ts";
import { startEgressProxy } from "../lib/sandbox/egress/egress-proxy.ts";
import type { NetworkAccess } from "../lib/sandbox/egress/sandbox-network.ts";

const { values } = parseArgs({ options: { requests: { type: "string", default: "500" }, repeats: { type: "string", default: "5" } } });
const REQUESTS = Number(values.requests);
const REPEATS = Number(values.repeats);
const BIG = Buffer.alloc(50 * 1024 * 1024, 7);

const origin = http.createServer((request, response) => {
  if (request.url === "/big") response.writeHead(200, { "content-length": BIG.length }).end(BIG);
  else response.end("ok");
});
await new Promise<void>((resolve) => origin.listen(0, "127.0.0.1", resolve));
const port = (origin.address() as AddressInfo).port;
const proxy = await startEgressProxy({ allowedHosts: [`127.0.0.1:${port}`], onBlocked: (target) => console.error(`blocked ${target}`) });
const root = await mkdtemp(path.join(os.tmpdir(), "orch-bench-egress-"));
const client = path.join(root, "client.mjs");

// Runs inside the sandbox: times each request (ms) or the download (MB/s) and prints them as JSON.
await writeFile(
  client,
  `import http from "node:http";
import net from "node:net";
const [mode, target, count] = process.argv.slice(2);
const proxy = process.env.HTTP_PROXY ? new URL(process.env.HTTP_PROXY) : null;
const [host, port] = target.split(":");
function tunnel() {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(proxy.port), proxy.hostname);
    socket.once("error", reject);
    socket.write("CONNECT " + target + " HTTP/1.1\\r\\nhost: " + target + "\\r\\n\\r\\n");
    socket.once("data", (chunk) => (chunk.toString().startsWith("HTTP/1.1 200") ? resolve(socket) : reject(new Error(chunk.toString()))));
  });
}
function get(path, via) {
  return new Promise(async (resolve, reject) => {
    const options = via === "proxy" ? { host: proxy.hostname, port: proxy.port, path: "http://" + target + path }
      : via === "tunnel" ? { createConnection: () => socket, path } : { host, port, path };
    const started = performance.now();
    const socket = via === "tunnel" ? await tunnel() : null;
    const request = http.get({ ...options, agent: via === "tunnel" ? undefined : false, headers: { host: target, connection: "close" } }, (response) => {
      let bytes = 0;
      response.on("data", (chunk) => (bytes += chunk.length));
      response.on("end", () => resolve({ ms: performance.now() - started, bytes }));
    });
    request.on("error", reject);
  });
}
const via = mode.split("-")[1];
const results = [];
if (mode.startsWith("latency")) for (let i = 0; i < Number(count); i++) results.push((await get("/small", via)).ms);
else for (let i = 0; i < Number(count); i++) { const { ms, bytes } = await get("/big", via); results.push(bytes / 1e6 / (ms / 1000)); }
console.log(JSON.stringify(results));
`,
);

async function inSandbox(network: NetworkAccess, argv: string[]): Promise<{ stdout: string; ms: number }> {
  const workdir = await mkdtemp(path.join(root, "work-"));
  const home = await mkdtemp(path.join(root, "home-"));
  let stdout = "";
  let stderr = "";
  const started = performance.now();
  const process_ = bwrapSandbox.spawnSandboxed({
    argv,
    workdir,
    home,
    env: {},
    network,
    readOnlyPaths: [root],
    timeoutMs: 600_000,
    onOutput: (chunk) => (chunk.stream === "stdout" ? (stdout += chunk.data.toString()) : (stderr += chunk.data.toString())),
  });
  const result = await process_.done;
  if (result.exitCode !== 0) throw new Error(`sandboxed ${argv.join(" ")} failed: ${stderr}`);
  return { stdout, ms: performance.now() - started };
}

const allowlist: NetworkAccess = { policy: "allowlist", proxy };
const full: NetworkAccess = { policy: "full" };
const node = process.execPath;
const measure = async (network: NetworkAccess, mode: string, count: number) => JSON.parse((await inSandbox(network, [node, client, mode, `127.0.0.1:${port}`, String(count)])).stdout) as number[];
const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!;
const median = (values: number[]) => quantile(values, 0.5);

const direct = await measure(full, "latency-direct", REQUESTS);
const proxied = await measure(allowlist, "latency-proxy", REQUESTS);
const tunnelled = await measure(allowlist, "latency-tunnel", REQUESTS);
console.log(`latency, ${REQUESTS} sequential requests (new connection each), ms: direct p50 ${median(direct).toFixed(2)} p95 ${quantile(direct, 0.95).toFixed(2)}`);
console.log(`  proxy request  p50 ${median(proxied).toFixed(2)} p95 ${quantile(proxied, 0.95).toFixed(2)}  → added p50 ${(median(proxied) - median(direct)).toFixed(2)}, p95 ${(quantile(proxied, 0.95) - quantile(direct, 0.95)).toFixed(2)} (goal p95 ≤ 5 ms)`);
console.log(`  CONNECT tunnel p50 ${median(tunnelled).toFixed(2)} p95 ${quantile(tunnelled, 0.95).toFixed(2)}  → added p50 ${(median(tunnelled) - median(direct)).toFixed(2)}, p95 ${(quantile(tunnelled, 0.95) - quantile(direct, 0.95)).toFixed(2)}`);

const directRate = median(await measure(full, "download-direct", REPEATS));
const tunnelRate = median(await measure(allowlist, "download-tunnel", REPEATS));
console.log(`throughput, 50 MB download, median of ${REPEATS}: direct ${directRate.toFixed(0)} MB/s, CONNECT tunnel ${tunnelRate.toFixed(0)} MB/s → ${((100 * tunnelRate) / directRate).toFixed(0)}% (goal ≥ 80%)`);

const starts = { off: [] as number[], allowlist: [] as number[] };
for (let i = 0; i < 20; i++) {
  starts.off.push((await inSandbox({ policy: "off" }, ["true"])).ms);
  starts.allowlist.push((await inSandbox(allowlist, ["true"])).ms);
}
console.log(`sandboxed true, median of 20: off ${median(starts.off).toFixed(1)} ms, allowlist ${median(starts.allowlist).toFixed(1)} ms (the bridge's start)`);

await proxy.close();
origin.close();
origin.closeAllConnections();
await rm(root, { recursive: true, force: true });
