import dns from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import os from "node:os";
import { env } from "../env.mjs";
import { dashboardUrl } from "./payload.ts";

// Never a target: unspecified, link-local (where clouds serve instance metadata), multicast, reserved.
const NEVER = new BlockList();
NEVER.addSubnet("0.0.0.0", 8, "ipv4");
NEVER.addSubnet("169.254.0.0", 16, "ipv4");
NEVER.addSubnet("224.0.0.0", 3, "ipv4");
NEVER.addAddress("::", "ipv6");
NEVER.addSubnet("fe80::", 10, "ipv6");
NEVER.addSubnet("ff00::", 8, "ipv6");
NEVER.addAddress("fd00:ec2::254", "ipv6");

// Private and loopback: only when an admin allows them (a receiver on the same network).
const PRIVATE = new BlockList();
PRIVATE.addSubnet("127.0.0.0", 8, "ipv4");
PRIVATE.addSubnet("10.0.0.0", 8, "ipv4");
PRIVATE.addSubnet("172.16.0.0", 12, "ipv4");
PRIVATE.addSubnet("192.168.0.0", 16, "ipv4");
PRIVATE.addSubnet("100.64.0.0", 10, "ipv4");
PRIVATE.addSubnet("198.18.0.0", 15, "ipv4");
PRIVATE.addAddress("::1", "ipv6");
PRIVATE.addSubnet("fc00::", 7, "ipv6");

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

const LOOKUP_TIMEOUT_MS = 5_000;

/** An IPv4 address written as IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it is. */
function plainAddress(address: string): ResolvedAddress {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return { address: mapped, family: 4 };
  return { address, family: isIP(address) === 6 ? 6 : 4 };
}

function ownAddresses(): Set<string> {
  return new Set(Object.values(os.networkInterfaces()).flatMap((interfaces) => (interfaces ?? []).map((entry) => entry.address)));
}

/** Why an address may not be a target, or null when it may. */
function refusal(resolved: ResolvedAddress, port: number, allowPrivate: boolean): string | null {
  const { address, family } = plainAddress(resolved.address);
  const type = family === 6 ? "ipv6" : "ipv4";
  if (NEVER.check(address, type)) return `${address} is a link-local, metadata, multicast or unspecified address`;
  const local = (family === 4 && address.startsWith("127.")) || address === "::1" || ownAddresses().has(address);
  if (local && port === env.PORT) return `${address}:${port} is this server itself`;
  if (!allowPrivate && (PRIVATE.check(address, type) || local)) {
    return `${address} is a private or loopback address: an admin must allow private webhook targets in Settings first`;
  }
  return null;
}

function portOf(url: URL): number {
  return Number(url.port) || (url.protocol === "https:" ? 443 : 80);
}

/**
 * The addresses a webhook URL reaches, each checked: never this server, link-local or metadata
 * addresses; private and loopback ones only when allowed. Throws with the reason otherwise. The
 * request is then made to exactly these addresses, so a name cannot resolve elsewhere in between.
 */
export async function resolveWebhookTarget(url: URL, allowPrivate: boolean): Promise<ResolvedAddress[]> {
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("Webhook URLs must be http:// or https://");
  if (url.username || url.password) throw new Error("Put no credentials in the URL: give a token instead");
  if (url.origin === new URL(dashboardUrl()).origin) throw new Error("A webhook cannot be aimed at this server itself");
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const addresses: ResolvedAddress[] = isIP(host)
    ? [plainAddress(host)]
    : await Promise.race([
        dns.lookup(host, { all: true, verbatim: true }).then((found) => found.map(({ address }) => plainAddress(address))),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${host} did not resolve within ${LOOKUP_TIMEOUT_MS / 1000} s`)), LOOKUP_TIMEOUT_MS).unref()),
      ]).catch((error: unknown) => {
        throw new Error(error instanceof Error && /did not resolve/.test(error.message) ? error.message : `${host} does not resolve to an address`);
      });
  if (addresses.length === 0) throw new Error(`${host} does not resolve to an address`);
  for (const address of addresses) {
    const reason = refusal(address, portOf(url), allowPrivate);
    if (reason) throw new Error(`Not a permitted webhook target: ${reason}.`);
  }
  return addresses;
}
