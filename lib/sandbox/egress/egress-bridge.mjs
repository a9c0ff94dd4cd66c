// Runs inside the sandbox (plain JavaScript, started by the host's node): the sandbox has only
// loopback, so this listens there and carries every connection to the egress proxy's Unix socket,
// then runs the agent or check and exits as it does.
//   node egress-bridge.mjs <socket> <proxy port> <forwards JSON: [{host, port}]> -- <argv…>
// The proxy port takes standard proxy requests (HTTP_PROXY points at it); each forward listens on a
// listed loopback address and port and tunnels to the same address on the host, through the proxy.
import { spawn } from "node:child_process";
import net from "node:net";
import { constants } from "node:os";

const [socketPath, proxyPort, forwardsJson, separator, ...argv] = process.argv.slice(2);
if (!socketPath || !proxyPort || !forwardsJson || separator !== "--" || argv.length === 0) {
  process.stderr.write("egress bridge: usage: egress-bridge.mjs <socket> <port> <forwards> -- <argv…>\n");
  process.exit(125);
}

function pipeBoth(a, b) {
  a.on("error", () => b.destroy());
  b.on("error", () => a.destroy());
  a.pipe(b);
  b.pipe(a);
}

function listen(port, host, onConnection) {
  return new Promise((resolve, reject) => {
    const server = net.createServer({ noDelay: true }, onConnection);
    server.once("error", reject);
    server.listen({ port, host }, () => resolve(server));
  });
}

const servers = [
  listen(Number(proxyPort), "127.0.0.1", (client) => pipeBoth(client, net.connect(socketPath))),
  ...JSON.parse(forwardsJson).map(({ host, port }) =>
    listen(port, host === "localhost" ? "127.0.0.1" : host, (client) => {
      client.pause();
      const proxy = net.connect(socketPath);
      const authority = host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
      proxy.write(`CONNECT ${authority} HTTP/1.1\r\nhost: ${authority}\r\n\r\n`);
      let head = Buffer.alloc(0);
      const onData = (chunk) => {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf("\r\n\r\n");
        if (end === -1) return;
        proxy.removeListener("data", onData);
        proxy.pause();
        if (!/^HTTP\/1\.[01] 200/.test(head.toString("latin1"))) {
          client.destroy();
          proxy.destroy();
          return;
        }
        if (end + 4 < head.length) client.write(head.subarray(end + 4));
        pipeBoth(client, proxy);
      };
      proxy.on("data", onData);
      proxy.on("error", () => client.destroy());
    }),
  ),
];

try {
  await Promise.all(servers);
} catch (error) {
  process.stderr.write(`egress bridge: cannot listen inside the sandbox: ${error.message}\n`);
  process.exit(125);
}

// The run's signals reach the whole process group: the agent gets its grace, the bridge waits for it.
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) process.on(signal, () => undefined);
const child = spawn(argv[0], argv.slice(1), { stdio: "inherit" });
child.on("error", (error) => {
  process.stderr.write(`${argv[0]}: ${error.message}\n`);
  process.exit(error.code === "ENOENT" ? 127 : 126);
});
child.on("exit", (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
