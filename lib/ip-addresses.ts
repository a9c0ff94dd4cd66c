import { BlockList, isIP } from "node:net";

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

// Unspecified, link-local (where clouds serve instance metadata), multicast, reserved.
const LINK_LOCAL_OR_RESERVED = new BlockList();
LINK_LOCAL_OR_RESERVED.addSubnet("0.0.0.0", 8, "ipv4");
LINK_LOCAL_OR_RESERVED.addSubnet("169.254.0.0", 16, "ipv4");
LINK_LOCAL_OR_RESERVED.addSubnet("224.0.0.0", 3, "ipv4");
LINK_LOCAL_OR_RESERVED.addAddress("::", "ipv6");
LINK_LOCAL_OR_RESERVED.addSubnet("fe80::", 10, "ipv6");
LINK_LOCAL_OR_RESERVED.addSubnet("ff00::", 8, "ipv6");
LINK_LOCAL_OR_RESERVED.addAddress("fd00:ec2::254", "ipv6");

// Private networks and loopback.
const PRIVATE = new BlockList();
PRIVATE.addSubnet("127.0.0.0", 8, "ipv4");
PRIVATE.addSubnet("10.0.0.0", 8, "ipv4");
PRIVATE.addSubnet("172.16.0.0", 12, "ipv4");
PRIVATE.addSubnet("192.168.0.0", 16, "ipv4");
PRIVATE.addSubnet("100.64.0.0", 10, "ipv4");
PRIVATE.addSubnet("198.18.0.0", 15, "ipv4");
PRIVATE.addAddress("::1", "ipv6");
PRIVATE.addSubnet("fc00::", 7, "ipv6");

/** An IPv4 address written as IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it is. */
export function plainAddress(address: string): ResolvedAddress {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return { address: mapped, family: 4 };
  return { address, family: isIP(address) === 6 ? 6 : 4 };
}

const type = ({ family }: ResolvedAddress) => (family === 6 ? "ipv6" : "ipv4");

/** Unspecified, link-local (cloud metadata), multicast or reserved: never a place to send requests. */
export function isLinkLocalOrReserved(resolved: ResolvedAddress): boolean {
  return LINK_LOCAL_OR_RESERVED.check(resolved.address, type(resolved));
}

export function isLoopbackAddress({ address, family }: ResolvedAddress): boolean {
  return (family === 4 && address.startsWith("127.")) || address === "::1";
}

export function isPrivateAddress(resolved: ResolvedAddress): boolean {
  return PRIVATE.check(resolved.address, type(resolved));
}
