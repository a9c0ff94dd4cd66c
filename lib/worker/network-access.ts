import { bridgeProblem } from "../sandbox/egress/bridge-script.ts";
import { startEgressProxy } from "../sandbox/egress/egress-proxy.ts";
import type { NetworkAccess, NetworkPolicy } from "../sandbox/egress/sandbox-network.ts";
import type { SandboxKind } from "../sandbox/types.ts";

// An agent retrying a refused host would otherwise fill its log with the same line.
const MAX_BLOCKED_LINES = 200;

export interface OpenedNetworkAccess {
  access: NetworkAccess;
  close(): Promise<void>;
}

/**
 * The network a run's or check's processes get under the repository's policy: for `allowlist`, an
 * egress proxy of its own that reaches only `allowedHosts` and writes each refusal into the log.
 */
export async function openNetworkAccess(policy: NetworkPolicy, allowedHosts: string[], log: { system(text: string): void }, sandboxKind: SandboxKind): Promise<OpenedNetworkAccess> {
  if (policy !== "allowlist") return { access: { policy }, close: async () => undefined };
  if (sandboxKind !== "bwrap") {
    log.system("network: the allowed hosts cannot be enforced without bubblewrap; this process has the host's network");
    return { access: { policy: "full" }, close: async () => undefined };
  }
  const problem = await bridgeProblem();
  if (problem) throw new Error(problem);
  let blocked = 0;
  const proxy = await startEgressProxy({
    allowedHosts,
    onBlocked(target, reason) {
      blocked += 1;
      if (blocked <= MAX_BLOCKED_LINES) log.system(`blocked: ${target} (${reason})`);
      else if (blocked === MAX_BLOCKED_LINES + 1) log.system(`blocked: more connections refused, not shown`);
    },
  });
  return { access: { policy, proxy }, close: () => proxy.close() };
}
