import dns from "node:dns/promises";
import { isIP } from "node:net";
import os from "node:os";
import { env } from "../env.mjs";
import { isLinkLocalOrReserved, isLoopbackAddress, isPrivateAddress, plainAddress, type ResolvedAddress } from "../ip-addresses.ts";
import { dashboardUrl } from "./payload.ts";

const LOOKUP_TIMEOUT_MS = 5_000;

function ownAddresses(): Set<string> {
  return new Set(Object.values(os.networkInterfaces()).flatMap((interfaces) => (interfaces ?? []).map((entry) => entry.address)));
}

/** Why an address may not be a target, or null when it may. */
function refusal(resolved: ResolvedAddress, port: number, allowPrivate: boolean): string | null {
  const plain = plainAddress(resolved.address);
  const { address } = plain;
  if (isLinkLocalOrReserved(plain)) return `${address} is a link-local, metadata, multicast or unspecified address`;
  const local = isLoopbackAddress(plain) || ownAddresses().has(address);
  if (local && port === env.PORT) return `${address}:${port} is this server itself`;
  if (!allowPrivate && (isPrivateAddress(plain) || local)) {
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
