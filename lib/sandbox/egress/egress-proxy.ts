import { lookup } from "node:dns/promises";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { isLinkLocalOrReserved, isLoopbackAddress, plainAddress } from "../../ip-addresses.ts";
import { type HostPattern, loopbackForwards, matchesAllowedHost, normaliseTarget, parseHostPattern } from "./host-patterns.ts";
import { dialThroughUpstream, upstreamProxyFor } from "./upstream-proxy.ts";

export const EGRESS_SOCKET_NAME = "egress.sock";

export interface EgressProxyOptions {
  /** Allowed-host entries (see parseHostPattern); invalid ones are ignored, the repository schema refuses them. */
  allowedHosts: string[];
  /** Called once per refused connection, e.g. to write "blocked: evil.example:443" into the run's log. */
  onBlocked(target: string, reason: string): void;
  /** Where the server's proxy variables are read; the process's environment by default. */
  environment?: Record<string, string | undefined>;
}

export interface EgressProxy {
  /** A private directory holding the proxy's socket (`egress.sock`), bound into the sandbox. */
  socketDir: string;
  /** Listed loopback endpoints the sandbox also reaches by address, through the proxy. */
  loopbackForwards: { host: string; port: number }[];
  close(): Promise<void>;
}

/**
 * An HTTP proxy (CONNECT tunnels and plain absolute-URL requests) on a Unix socket that only reaches
 * the allowed hosts: the sandbox has no network of its own, so this socket is its only way out.
 * Names are matched as the client asked for them, before any DNS lookup; an IP literal only when
 * listed; a listed name (but localhost) that resolves to the host itself or a link-local address
 * (cloud metadata) is refused unless that address is listed. The server's own HTTPS_PROXY/HTTP_PROXY/NO_PROXY are
 * honoured for the connections it makes.
 */
export async function startEgressProxy(options: EgressProxyOptions): Promise<EgressProxy> {
  const patterns = options.allowedHosts.map(parseHostPattern).filter((pattern): pattern is HostPattern => typeof pattern !== "string");
  const socketDir = await mkdtemp(path.join(os.tmpdir(), "co-egress-"));
  // Every socket open through the proxy, so close() ends them all.
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    return socket;
  };
  const server = http.createServer();
  server.on("connection", track);
  server.on("connect", (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    client.on("error", () => client.destroy());
    const target = parseAuthority(request.url ?? "");
    if (!target) return refuseSocket(client, 400, "CONNECT needs host:port");
    void open(target.host, target.port).then(
      (upstream) => {
        client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        if (head.length > 0) upstream.write(head);
        tunnel(client, upstream);
      },
      (error: Error) => refuseSocket(client, error instanceof Refused ? 403 : 502, error.message),
    );
  });
  server.on("request", (request, response) => {
    const url = safeUrl(request.url ?? "");
    if (!url || url.protocol !== "http:") {
      response.writeHead(400, { "content-type": "text/plain" }).end("This proxy takes absolute http:// URLs and CONNECT.\n");
      return;
    }
    const port = url.port ? Number(url.port) : 80;
    void open(url.hostname, port).then(
      (upstream) => forwardRequest(request, response, url, upstream),
      (error: Error) => response.writeHead(error instanceof Refused ? 403 : 502, { "content-type": "text/plain" }).end(`${error.message}\n`),
    );
  });

  async function open(host: string, port: number): Promise<net.Socket> {
    const target = normaliseTarget(host);
    const shown = `${target.ip && target.host.includes(":") ? `[${target.host}]` : target.host}:${port}`;
    const refuse = (reason: string) => {
      options.onBlocked(shown, reason);
      return new Refused(`blocked: ${shown} (${reason})`);
    };
    if (!matchesAllowedHost(patterns, target.host, port)) throw refuse(target.ip ? "an IP address that is not listed" : "not in the allowed hosts");
    const upstreamProxy = upstreamProxyFor(target.host, port, options.environment);
    return track(upstreamProxy ? await dialThroughUpstream(upstreamProxy, shown) : await dialDirect(target, port, refuse));
  }

  async function dialDirect(target: { host: string; ip: boolean }, port: number, refuse: (reason: string) => Error): Promise<net.Socket> {
    const addresses = target.ip ? [target.host] : (await lookup(target.host, { all: true }).catch(() => [])).map((entry) => entry.address);
    if (addresses.length === 0) throw new Error(`${target.host}:${port}: the name does not resolve`);
    const rebound = addresses.find((address) => isHostOnly(address) && !matchesAllowedHost(patterns, address, port));
    if (!target.ip && target.host !== "localhost" && rebound) throw refuse(`resolves to ${rebound}, which is not listed`);
    let lastError: Error | null = null;
    for (const address of addresses) {
      try {
        return await dial(address, port);
      } catch (error) {
        lastError = error as Error;
      }
    }
    throw lastError!;
  }

  // A listed loopback endpoint reached by its address inside the sandbox: a raw tunnel per port.
  const forwards = loopbackForwards(patterns);
  const forwardServers = forwards.map(({ host, port }) =>
    net.createServer((client) => {
      track(client).pause();
      client.on("error", () => client.destroy());
      void open(host, port).then(
        (upstream) => tunnel(client, upstream),
        () => client.destroy(),
      );
    }),
  );
  const listening = [server, ...forwardServers].map((listener, index) =>
    new Promise<void>((resolve, reject) => {
      listener.once("error", reject);
      listener.listen(path.join(socketDir, index === 0 ? EGRESS_SOCKET_NAME : `forward-${forwards[index - 1]!.port}.sock`), () => resolve());
    }),
  );
  await Promise.all(listening);
  return {
    socketDir,
    loopbackForwards: forwards,
    async close() {
      for (const socket of sockets) socket.destroy();
      await Promise.all([server, ...forwardServers].map((listener) => new Promise<void>((resolve) => listener.close(() => resolve()))));
      await rm(socketDir, { recursive: true, force: true });
    },
  };
}

class Refused extends Error {}

/** The host itself (loopback), or unspecified, link-local (cloud metadata), multicast or reserved. */
function isHostOnly(address: string): boolean {
  const plain = plainAddress(address);
  return isLoopbackAddress(plain) || isLinkLocalOrReserved(plain);
}

function parseAuthority(authority: string): { host: string; port: number } | null {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:\s]+):(\d{1,5})$/.exec(authority);
  if (!match) return null;
  const port = Number(match[2]);
  return port >= 1 && port <= 65_535 ? { host: match[1]!, port } : null;
}

function safeUrl(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

function dial(host: string, port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, noDelay: true });
    socket.once("connect", () => {
      socket.removeListener("error", reject);
      resolve(socket);
    });
    socket.once("error", (error) => reject(new Error(`${host}:${port}: ${error.message}`)));
  });
}

function tunnel(client: net.Socket, upstream: net.Socket): void {
  client.setNoDelay(true);
  upstream.on("error", () => client.destroy());
  client.on("error", () => upstream.destroy());
  client.pipe(upstream);
  upstream.pipe(client);
}

function refuseSocket(client: net.Socket, status: number, message: string): void {
  const reason = status === 403 ? "Forbidden" : status === 400 ? "Bad Request" : "Bad Gateway";
  client.end(`HTTP/1.1 ${status} ${reason}\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(message) + 1}\r\nconnection: close\r\n\r\n${message}\n`);
}

const HOP_BY_HOP = new Set(["proxy-connection", "proxy-authorization", "connection", "keep-alive", "te", "trailer", "upgrade"]);

function forwardRequest(request: http.IncomingMessage, response: http.ServerResponse, url: URL, upstream: net.Socket): void {
  const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !HOP_BY_HOP.has(name)));
  const outgoing = http.request({ method: request.method, path: `${url.pathname}${url.search}`, headers, createConnection: () => upstream });
  outgoing.on("response", (incoming) => {
    response.writeHead(incoming.statusCode ?? 502, Object.fromEntries(Object.entries(incoming.headers).filter(([name]) => !HOP_BY_HOP.has(name))));
    incoming.pipe(response);
  });
  outgoing.on("error", (error) => {
    if (!response.headersSent) response.writeHead(502, { "content-type": "text/plain" });
    response.end(`${error.message}\n`);
  });
  request.pipe(outgoing);
}
