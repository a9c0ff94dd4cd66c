import { findOnPath } from "../../find-on-path.ts";

/**
 * What runs first inside a sandbox under `allowlist` (the sandbox has only loopback): socat listeners
 * on loopback that carry each connection to the egress proxy's Unix sockets, detached from the command
 * (their parent exits, so a script's `wait` never waits for them), then the command itself by exec, so
 * its exit status and signals are its own. The command starts once every listener accepts: their
 * ports show in LISTEN in /proc/net/tcp*. Fixed text: the socket directory, the proxy port and the
 * forwards are the orchestrator's, the command arrives as "$@".
 *   sh -c BRIDGE_SCRIPT egress-bridge <socket dir> <proxy port> [<forward address> <port>]… -- <command…>
 */
export const BRIDGE_SCRIPT = `set -e
dir=$1; proxy_port=$2; shift 2
(socat -b 262144 TCP4-LISTEN:"$proxy_port",bind=127.0.0.1,fork,reuseaddr UNIX-CONNECT:"$dir/egress.sock" </dev/null >/dev/null 2>&1 &)
ports=$proxy_port
while [ "$1" != "--" ]; do
  address=$1; port=$2; shift 2
  case $address in *:*) listen="TCP6-LISTEN:$port,bind=[$address]" ;; *) listen="TCP4-LISTEN:$port,bind=$address" ;; esac
  (socat -b 262144 "$listen,fork,reuseaddr" UNIX-CONNECT:"$dir/forward-$port.sock" </dev/null >/dev/null 2>&1 &)
  ports="$ports $port"
done
shift
for port in $ports; do
  hex=$(printf '%04X' "$port")
  tries=0
  until grep -q ":$hex [0-9A-F:]* 0A " /proc/net/tcp /proc/net/tcp6 2>/dev/null; do
    tries=$((tries + 1))
    if [ "$tries" -gt 2000 ]; then echo "egress bridge: socat did not listen on port $port" >&2; exit 125; fi
    sleep 0.001
  done
done
exec "$@"
`;

let socatFound: Promise<boolean> | undefined;

/** Why the bridge cannot start on this worker (socat missing from its PATH), or null. */
export async function bridgeProblem(): Promise<string | null> {
  socatFound ??= findOnPath("socat").then((found) => found !== undefined);
  return (await socatFound) ? null : "The allowlist network policy needs socat on this worker, and it is not on its PATH: install it (apt install socat), or set the repository's network to off or full.";
}
