import { isIP } from "node:net";

/**
 * An allowed-hosts entry: `host` or `*.domain` (ports 80 and 443), `host:port`, an IPv4 literal
 * (`10.0.0.5`, `10.0.0.5:8080`) or a bracketed IPv6 literal (`[::1]`, `[::1]:8080`). Host names are
 * compared before any DNS lookup; an IP literal is reached only when listed as one.
 */
export interface HostPattern {
  /** Lowercased name without a trailing dot, the domain of a `*.` wildcard, or a canonical IP. */
  host: string;
  wildcard: boolean;
  ip: boolean;
  /** null: ports 80 and 443. */
  port: number | null;
}

const DEFAULT_PORTS = new Set([80, 443]);
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

export function parseHostPattern(entry: string): HostPattern | string {
  const trimmed = entry.trim().toLowerCase();
  if (!trimmed) return "An allowed host may not be empty";
  const bracketed = /^\[([0-9a-f:.]+)\](?::(\d+))?$/.exec(trimmed);
  const [hostPart, portPart] = bracketed ? [bracketed[1]!, bracketed[2]] : splitPort(trimmed);
  if (portPart !== undefined && !/^\d{1,5}$/.test(portPart)) return `"${entry}" is not a host name, *.domain, host:port or IP address`;
  const port = portPart === undefined ? null : Number(portPart);
  if (port !== null && !(Number.isInteger(port) && port >= 1 && port <= 65_535)) return `"${entry}": the port must be between 1 and 65535`;
  if (bracketed) return isIP(hostPart) === 6 ? { host: canonicalIp(hostPart), wildcard: false, ip: true, port } : `"${entry}" is not an IPv6 address`;
  if (isIP(hostPart) === 4) return { host: hostPart, wildcard: false, ip: true, port };
  const wildcard = hostPart.startsWith("*.");
  const name = (wildcard ? hostPart.slice(2) : hostPart).replace(/\.$/, "");
  if (name.length > 253 || !name.split(".").every((label) => LABEL.test(label))) {
    return `"${entry}" is not a host name, *.domain, host:port or IP address`;
  }
  if (wildcard && !name.includes(".")) return `"${entry}": a wildcard needs a domain with a dot (*.example.com)`;
  return { host: name, wildcard, ip: false, port };
}

function splitPort(entry: string): [string, string | undefined] {
  const colon = entry.lastIndexOf(":");
  if (colon === -1 || entry.indexOf(":") !== colon) return [entry, undefined];
  return [entry.slice(0, colon), entry.slice(colon + 1)];
}

function canonicalIp(address: string): string {
  return isIP(address) === 6 ? new URL(`http://[${address}]/`).hostname.slice(1, -1) : address;
}

/** The target a client asked for (a CONNECT authority or an absolute URL's host), normalised. */
export function normaliseTarget(host: string): { host: string; ip: boolean } {
  const bare = host.toLowerCase().replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "");
  return isIP(bare) ? { host: canonicalIp(bare), ip: true } : { host: bare, ip: false };
}

/** Whether a request for `host:port` is allowed by one of the patterns. */
export function matchesAllowedHost(patterns: HostPattern[], host: string, port: number): HostPattern | null {
  const target = normaliseTarget(host);
  return (
    patterns.find((pattern) => {
      if (pattern.port === null ? !DEFAULT_PORTS.has(port) : pattern.port !== port) return false;
      if (pattern.ip || target.ip) return pattern.ip === target.ip && pattern.host === target.host;
      return pattern.wildcard ? target.host.endsWith(`.${pattern.host}`) : target.host === pattern.host;
    }) ?? null
  );
}

/** Loopback entries with a port (`127.0.0.1:8080`, `localhost:8080`, `[::1]:8080`): also reachable by address inside the sandbox. */
export function loopbackForwards(patterns: HostPattern[]): { host: string; port: number }[] {
  return patterns
    .filter((pattern): pattern is HostPattern & { port: number } => pattern.port !== null && isLoopback(pattern.host))
    .map(({ host, port }) => ({ host, port }));
}

export function isLoopback(host: string): boolean {
  return host === "localhost" || /^127\./.test(host) || host === "::1";
}
