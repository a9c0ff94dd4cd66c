import { BRIDGE_SCRIPT } from "./bridge-script.ts";
import type { EgressProxy } from "./egress-proxy.ts";

export type NetworkPolicy = "off" | "allowlist" | "full";

/** What a sandboxed process may reach: nothing, only the allowed hosts (through the egress proxy), or the host's network. */
export type NetworkAccess = { policy: "off" } | { policy: "full" } | { policy: "allowlist"; proxy: Pick<EgressProxy, "socketDir" | "loopbackForwards"> };

const PROXY_VARIABLES = ["HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY"];
// Where TLS clients find the CAs to trust: behind a corporate TLS proxy, nothing verifies without them.
const CA_VARIABLES = ["NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "GIT_SSL_CAINFO"];
const PREFERRED_PROXY_PORT = 3128;

export interface SandboxNetwork {
  /** Whether the sandbox keeps the host's network namespace. */
  shareHostNetwork: boolean;
  /** Put before the command: the bridge that carries loopback connections to the egress proxy (socat). */
  argvPrefix: string[];
  env: Record<string, string>;
  readOnlyPaths: string[];
}

/**
 * How a policy is laid out in bubblewrap. `full` keeps the host's network and passes the server's
 * proxy and CA variables; `allowlist` gives the sandbox its own network namespace whose only way out
 * is the egress proxy's socket, reached through a bridge on loopback that HTTP_PROXY/HTTPS_PROXY name;
 * `off` is loopback alone.
 */
export function sandboxNetwork(access: NetworkAccess, environment: Record<string, string | undefined> = process.env): SandboxNetwork {
  if (access.policy === "off") return { shareHostNetwork: false, argvPrefix: [], env: {}, readOnlyPaths: [] };
  const caVariables = pick(environment, CA_VARIABLES);
  if (access.policy === "full") {
    return { shareHostNetwork: true, argvPrefix: [], env: { ...pick(environment, PROXY_VARIABLES), ...caVariables }, readOnlyPaths: [] };
  }
  const { socketDir, loopbackForwards } = access.proxy;
  const taken = new Set(loopbackForwards.map((forward) => forward.port));
  let port = PREFERRED_PROXY_PORT;
  while (taken.has(port)) port += 1;
  const proxyUrl = `http://127.0.0.1:${port}`;
  const forwards = loopbackForwards.flatMap((forward) => [forward.host === "localhost" ? "127.0.0.1" : forward.host, String(forward.port)]);
  return {
    shareHostNetwork: false,
    argvPrefix: ["/bin/sh", "-c", BRIDGE_SCRIPT, "egress-bridge", socketDir, String(port), ...forwards, "--"],
    env: {
      ...caVariables,
      HTTP_PROXY: proxyUrl,
      HTTPS_PROXY: proxyUrl,
      http_proxy: proxyUrl,
      https_proxy: proxyUrl,
      // Node 24's own fetch reads the variables only when asked to.
      NODE_USE_ENV_PROXY: "1",
    },
    readOnlyPaths: [socketDir],
  };
}

function pick(environment: Record<string, string | undefined>, names: string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of names) {
    for (const variant of [name, name.toLowerCase()]) {
      const value = environment[variant];
      if (value) picked[variant] = value;
    }
  }
  return picked;
}
