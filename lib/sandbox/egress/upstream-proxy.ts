import net from "node:net";
import tls from "node:tls";

/**
 * The server's own proxy for a connection to host:port, from the standard variables: HTTP_PROXY for
 * port 80, HTTPS_PROXY otherwise (each falling back on the other), none when NO_PROXY names the host.
 */
export function upstreamProxyFor(host: string, port: number, environment: Record<string, string | undefined> = process.env): URL | null {
  const variable = (name: string) => environment[name] || environment[name.toLowerCase()] || "";
  const raw = port === 80 ? variable("HTTP_PROXY") || variable("HTTPS_PROXY") : variable("HTTPS_PROXY") || variable("HTTP_PROXY");
  if (!raw || bypassed(host, port, variable("NO_PROXY"))) return null;
  try {
    return new URL(raw.includes("://") ? raw : `http://${raw}`);
  } catch {
    return null;
  }
}

function bypassed(host: string, port: number, noProxy: string): boolean {
  return noProxy
    .split(/[\s,]+/)
    .filter(Boolean)
    .some((entry) => {
      if (entry === "*") return true;
      const [name, entryPort] = entry.replace(/^\[(.*)\](:\d+)?$/, "$1$2").split(/:(?=\d+$)/);
      if (entryPort && Number(entryPort) !== port) return false;
      const domain = name!.toLowerCase().replace(/^\*?\./, "");
      return host === domain || host.endsWith(`.${domain}`);
    });
}

/** A socket tunnelled to `authority` (host:port) by an HTTP(S) proxy's CONNECT. */
export function dialThroughUpstream(proxy: URL, authority: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const port = Number(proxy.port) || (proxy.protocol === "https:" ? 443 : 80);
    const socket = proxy.protocol === "https:" ? tls.connect({ host: proxy.hostname, port, servername: proxy.hostname }) : net.connect({ host: proxy.hostname.replace(/^\[(.*)\]$/, "$1"), port });
    const credentials = proxy.username ? `proxy-authorization: Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString("base64")}\r\n` : "";
    let head = Buffer.alloc(0);
    const fail = (message: string) => {
      socket.destroy();
      reject(new Error(`${authority} through the server's proxy ${proxy.host}: ${message}`));
    };
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf("\r\n\r\n");
      if (end === -1) {
        if (head.length > 16_384) fail("an oversized answer");
        return;
      }
      socket.removeListener("data", onData);
      socket.removeListener("error", onError);
      socket.pause();
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(head.subarray(0, end).toString("latin1"))?.[1];
      if (status !== "200") return fail(`answered ${status ?? "something that is not HTTP"}`);
      const rest = head.subarray(end + 4);
      if (rest.length > 0) socket.unshift(rest);
      resolve(socket);
    };
    const onError = (error: Error) => fail(error.message);
    socket.on("data", onData);
    socket.once("error", onError);
    socket.once(proxy.protocol === "https:" ? "secureConnect" : "connect", () => {
      socket.write(`CONNECT ${authority} HTTP/1.1\r\nhost: ${authority}\r\n${credentials}\r\n`);
    });
  });
}
