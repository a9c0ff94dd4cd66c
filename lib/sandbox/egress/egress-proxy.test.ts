// The egress proxy against real sockets on loopback: what it lets through (CONNECT and plain HTTP),
// what it refuses and reports, and the server's own proxy it chains through.
import { lookup } from "node:dns/promises";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { EGRESS_SOCKET_NAME, type EgressProxy, startEgressProxy } from "./egress-proxy.ts";
import { matchesAllowedHost, parseHostPattern, type HostPattern } from "./host-patterns.ts";
import { upstreamProxyFor } from "./upstream-proxy.ts";

const hostName = os.hostname();
const hostNameAddress = await lookup(hostName).then((entry) => entry.address, () => null);

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function origin(answer = "hello from origin"): Promise<number> {
  const server = http.createServer((request, response) => response.end(`${answer} ${request.method} ${request.url}`));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  }));
  return (server.address() as net.AddressInfo).port;
}

async function proxy(allowedHosts: string[], environment: Record<string, string> = {}) {
  const blocked: string[] = [];
  const started = await startEgressProxy({ allowedHosts, environment, onBlocked: (target, reason) => blocked.push(`${target}: ${reason}`) });
  closers.push(() => started.close());
  return { proxy: started, blocked };
}

/** A CONNECT through the proxy's socket, then one HTTP request in the tunnel; the proxy's or origin's answer. */
function connectAndGet(egress: EgressProxy, authority: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(path.join(egress.socketDir, EGRESS_SOCKET_NAME));
    let text = "";
    let tunnelled = false;
    socket.on("data", (chunk) => {
      text += chunk.toString();
      if (!tunnelled && text.includes("\r\n\r\n")) {
        if (!text.startsWith("HTTP/1.1 200")) return;
        tunnelled = true;
        text = "";
        socket.write(`GET /through HTTP/1.1\r\nhost: ${authority}\r\nconnection: close\r\n\r\n`);
      }
    });
    socket.on("end", () => resolve(text));
    socket.on("error", reject);
    socket.write(`CONNECT ${authority} HTTP/1.1\r\nhost: ${authority}\r\n\r\n`);
  });
}

function plainGet(egress: EgressProxy, url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ socketPath: path.join(egress.socketDir, EGRESS_SOCKET_NAME), path: url, headers: { host: url.startsWith("http") ? new URL(url).host : "nowhere" } }, (response) => {
      let body = "";
      response.on("data", (chunk) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on("error", reject);
    request.end();
  });
}

describe("allowed-host entries", () => {
  const patterns = (...entries: string[]) => entries.map((entry) => parseHostPattern(entry) as HostPattern);

  it("parses names, wildcards, ports and IP literals, and explains what it refuses", () => {
    expect(parseHostPattern("Registry.NPMjs.org.")).toEqual({ host: "registry.npmjs.org", wildcard: false, ip: false, port: null });
    expect(parseHostPattern("*.githubusercontent.com")).toMatchObject({ host: "githubusercontent.com", wildcard: true });
    expect(parseHostPattern("127.0.0.1:8080")).toEqual({ host: "127.0.0.1", wildcard: false, ip: true, port: 8080 });
    expect(parseHostPattern("[0:0::1]:9")).toEqual({ host: "::1", wildcard: false, ip: true, port: 9 });
    expect(parseHostPattern("")).toBe("An allowed host may not be empty");
    expect(parseHostPattern("host:70000")).toMatch(/port must be between 1 and 65535/);
    expect(parseHostPattern("http://example.com")).toMatch(/is not a host name/);
    expect(parseHostPattern("*.com")).toMatch(/wildcard needs a domain with a dot/);
    expect(parseHostPattern("exa mple.com")).toMatch(/is not a host name/);
  });

  it("matches names before DNS: a bare name on 80 and 443 only, a wildcard below its domain, an IP only as listed", () => {
    const allowed = patterns("api.anthropic.com", "*.example.org", "10.0.0.5:8080", "[::1]:9000");
    expect(matchesAllowedHost(allowed, "API.anthropic.com", 443)).not.toBeNull();
    expect(matchesAllowedHost(allowed, "api.anthropic.com", 22)).toBeNull();
    expect(matchesAllowedHost(allowed, "cdn.example.org", 80)).not.toBeNull();
    expect(matchesAllowedHost(allowed, "example.org", 443)).toBeNull();
    expect(matchesAllowedHost(allowed, "evil-example.org", 443)).toBeNull();
    expect(matchesAllowedHost(allowed, "10.0.0.5", 8080)).not.toBeNull();
    expect(matchesAllowedHost(allowed, "10.0.0.5", 443)).toBeNull();
    expect(matchesAllowedHost(allowed, "[0::1]", 9000)).not.toBeNull();
    // The address of an allowed name is not itself allowed.
    expect(matchesAllowedHost(patterns("localhost:9000"), "127.0.0.1", 9000)).toBeNull();
  });

  it("chains through the server's proxy unless NO_PROXY names the host", () => {
    const environment = { HTTPS_PROXY: "http://proxy.corp:3128", http_proxy: "http://plain.corp:8080", NO_PROXY: "internal.corp, .lan,10.1.2.3:8443" };
    expect(upstreamProxyFor("registry.npmjs.org", 443, environment)?.host).toBe("proxy.corp:3128");
    expect(upstreamProxyFor("example.com", 80, environment)?.host).toBe("plain.corp:8080");
    expect(upstreamProxyFor("git.internal.corp", 443, environment)).toBeNull();
    expect(upstreamProxyFor("box.lan", 443, environment)).toBeNull();
    expect(upstreamProxyFor("10.1.2.3", 8443, environment)).toBeNull();
    expect(upstreamProxyFor("10.1.2.3", 443, environment)?.host).toBe("proxy.corp:3128");
    expect(upstreamProxyFor("example.com", 443, {})).toBeNull();
  });
});

describe("the egress proxy", () => {
  it("tunnels CONNECT to a listed host:port and refuses another port on the same host, reporting it", async () => {
    const allowedPort = await origin();
    const otherPort = await origin("should not be reached");
    const { proxy: egress, blocked } = await proxy([`127.0.0.1:${allowedPort}`]);

    expect(await connectAndGet(egress, `127.0.0.1:${allowedPort}`)).toMatch(/hello from origin GET \/through$/);
    const refused = await connectAndGet(egress, `127.0.0.1:${otherPort}`);
    expect(refused).toMatch(/^HTTP\/1\.1 403 Forbidden/);
    expect(refused).toContain(`blocked: 127.0.0.1:${otherPort}`);
    expect(blocked).toEqual([`127.0.0.1:${otherPort}: an IP address that is not listed`]);
  });

  it("forwards plain http:// requests to listed hosts and refuses names that are not listed, before any DNS lookup", async () => {
    const port = await origin();
    const { proxy: egress, blocked } = await proxy([`localhost:${port}`]);
    expect(await plainGet(egress, `http://localhost:${port}/plain?x=1`)).toEqual({ status: 200, body: "hello from origin GET /plain?x=1" });
    const refused = await plainGet(egress, "http://evil.example/steal");
    expect(refused.status).toBe(403);
    expect(refused.body).toContain("blocked: evil.example:80 (not in the allowed hosts)");
    expect((await plainGet(egress, "/relative")).status).toBe(400);
    expect(blocked).toEqual(["evil.example:80: not in the allowed hosts"]);
  });

  // The machine's own name resolves to loopback on most hosts (/etc/hosts): a listed name that does is a rebinding.
  it.runIf(hostNameAddress !== null && /^127\.|^::1$/.test(hostNameAddress))(
    "refuses a listed name (but localhost) that resolves to the host itself unless its address is listed",
    async () => {
      const port = await origin();
      const { proxy: egress, blocked } = await proxy([`${hostName}:${port}`]);
      const refused = await plainGet(egress, `http://${hostName}:${port}/`);
      expect(refused.status).toBe(403);
      expect(blocked).toEqual([`${hostName.toLowerCase()}:${port}: resolves to ${hostNameAddress}, which is not listed`]);

      const { proxy: listed } = await proxy([`${hostName}:${port}`, `${hostNameAddress}:${port}`]);
      expect((await plainGet(listed, `http://${hostName}:${port}/`)).status).toBe(200);
    },
  );

  it("reaches a listed host through the server's own proxy when HTTPS_PROXY is set", async () => {
    const originPort = await origin();
    const seen: string[] = [];
    const upstream = http.createServer();
    upstream.on("connect", (request: http.IncomingMessage, client: net.Socket) => {
      seen.push(request.url ?? "");
      const [host, port] = (request.url ?? "").split(":");
      const target = net.connect(Number(port), host === "example.test" ? "127.0.0.1" : host, () => {
        client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        target.pipe(client);
        client.pipe(target);
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    closers.push(() => new Promise((resolve) => upstream.close(() => resolve())));
    const upstreamPort = (upstream.address() as net.AddressInfo).port;

    const { proxy: egress } = await proxy([`example.test:${originPort}`], { HTTPS_PROXY: `http://127.0.0.1:${upstreamPort}` });
    expect(await connectAndGet(egress, `example.test:${originPort}`)).toMatch(/hello from origin GET \/through$/);
    expect(seen).toEqual([`example.test:${originPort}`]);
  });
});
