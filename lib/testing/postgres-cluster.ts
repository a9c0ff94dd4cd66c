import { execFile, spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { appendFile, chown, mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface PostgresCluster {
  /** postgresql:// URL of the cluster's `postgres` database, as superuser `postgres` without a password. */
  readonly url: string;
  stop(): Promise<void>;
}

// initdb refuses to run as root, so root hands the cluster to the `postgres` system user.
const SERVER_USER = "postgres";

/**
 * A throwaway PostgreSQL cluster (initdb + pg_ctl from PATH) in a temp dir, reachable on a free
 * loopback port only. Durability is switched off: it exists for tests and dies with them.
 */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const baseDir = await mkdtemp(path.join(os.tmpdir(), "pg-cluster-"));
  const dataDir = path.join(baseDir, "data");
  const asServerUser = process.getuid?.() === 0;
  const asUser = (args: string[]): [string, string[]] =>
    asServerUser ? ["runuser", ["-u", SERVER_USER, "--", ...args]] : [args[0]!, args.slice(1)];
  const command = (args: string[]) => run(...asUser(args));
  const stopArgs = ["pg_ctl", "stop", "-D", dataDir, "-m", "immediate", "-w"];
  // The server outlives a test run that crashes before its teardown, unless stopped on the way out.
  const stopOnExit = () => {
    spawnSync(...asUser(stopArgs));
    rmSync(baseDir, { recursive: true, force: true });
  };

  try {
    if (asServerUser) await chownToServerUser(baseDir);
    await command(["initdb", "-D", dataDir, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
    const port = await freeLoopbackPort();
    await appendFile(
      path.join(dataDir, "postgresql.conf"),
      [
        "listen_addresses = '127.0.0.1'",
        `port = ${port}`,
        `unix_socket_directories = '${baseDir}'`,
        "fsync = off",
        "synchronous_commit = off",
        "full_page_writes = off",
        "",
      ].join("\n"),
    );
    process.once("exit", stopOnExit);
    await command(["pg_ctl", "start", "-D", dataDir, "-w", "-l", path.join(baseDir, "server.log")]);
    return {
      url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
      async stop() {
        process.off("exit", stopOnExit);
        await command(stopArgs).catch(() => undefined);
        await rm(baseDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    process.off("exit", stopOnExit);
    await command(stopArgs).catch(() => undefined);
    await rm(baseDir, { recursive: true, force: true });
    throw new Error(`Could not start a throwaway PostgreSQL cluster: ${describeFailure(error)}`, { cause: error });
  }
}

async function chownToServerUser(dir: string): Promise<void> {
  const [uid, gid] = await Promise.all(
    ["-u", "-g"].map(async (flag) => Number((await run("id", [flag, SERVER_USER])).stdout.trim())),
  );
  await chown(dir, uid!, gid!);
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function describeFailure(error: unknown): string {
  if (typeof error === "object" && error !== null && "stderr" in error && String(error.stderr).trim()) {
    return String(error.stderr).trim();
  }
  return error instanceof Error ? error.message : String(error);
}
