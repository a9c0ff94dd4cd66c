// The built app (`npm run build` first) started as `npm start` starts it, on a port of its own, on a
// fresh embedded database or on a new database of a PostgreSQL cluster; for tests and benches that
// drive it over HTTP as a client would.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const projectDir = path.resolve(import.meta.dirname, "..", "..");
const ADMIN = { email: "admin@built-app.test", password: "built-app-password-1" };
export const BUILT_APP_ADMIN_EMAIL = ADMIN.email;

export interface BuiltApp {
  baseUrl: string;
  /** The admin's API token. */
  token: string;
  /** The environment the server runs with (DATA_DIR, DATABASE_URL): for `npm run worker` beside it. */
  env: NodeJS.ProcessEnv;
  /** The last 20 KB the server printed on stdout. */
  output(): string;
  /** The supervisor's pid (`npm start`'s process; the Next server is its child). */
  pid: number;
  /** SIGTERM, as a service manager stops it; resolves when it has exited. DATA_DIR stays. */
  terminate(): Promise<void>;
  /** Terminates it and removes its DATA_DIR (unless the caller gave it). */
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once("error", reject);
  });
}

/** A new, empty database in the cluster behind `clusterUrl`. */
async function freshDatabase(clusterUrl: string): Promise<string> {
  const name = `built_app_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const client = new pg.Client({ connectionString: clusterUrl });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`).finally(() => client.end());
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A new API token for an existing user of the app that runs with `env`, made by `npm run token`: with
 * every scope the user's role allows unless `scopes` narrows it.
 */
export async function tokenFor(env: NodeJS.ProcessEnv, email: string, scopes = "all"): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/token.ts", "--email", email, "--scopes", scopes], { cwd: projectDir, env });
  return stdout.trim().split("\n").at(-1)!.trim();
}

export async function startBuiltApp(
  options: { postgresUrl?: string; worker?: "in-process" | "off"; env?: Record<string, string>; /** Kept on stop; a fresh temp dir otherwise. */ dataDir?: string } = {},
): Promise<BuiltApp> {
  if (!existsSync(path.join(projectDir, ".next", "BUILD_ID"))) throw new Error("The app is not built: run `npm run build` first (the README's test command does).");
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), "orch-built-app-")));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    DATABASE_URL: options.postgresUrl ? await freshDatabase(options.postgresUrl) : "",
    // Required with DATABASE_URL, and shared with any worker or server started with this environment.
    ...(options.postgresUrl ? { AUTH_SECRET: randomBytes(32).toString("base64url") } : {}),
    ORCH_WORKER: options.worker ?? "off",
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    NODE_ENV: "production",
    ...options.env,
  };
  const server: ChildProcess = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], { cwd: projectDir, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let stderr = "";
  let stdout = "";
  server.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  server.stdout!.on("data", (chunk: Buffer) => (stdout = (stdout + chunk.toString()).slice(-20_000)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const terminate = async () => {
    if (server.exitCode !== null || server.signalCode !== null) return;
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
  };
  const stop = async () => {
    await terminate();
    if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`the server exited: ${stderr}`);
      const healthy = await fetch(`${baseUrl}/api/health`).then((response) => response.ok, () => false);
      if (healthy) break;
      if (Date.now() > deadline) throw new Error(`the server did not answer within 60 s: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const token = await tokenFor(env, ADMIN.email);
    return { baseUrl, token, env, pid: server.pid!, output: () => stdout, terminate, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
