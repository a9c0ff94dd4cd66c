// The session secret as a server process starts with it: the environment is read once, at import.
import { execFile } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

async function secretIn(environment: Record<string, string>): Promise<{ secret?: string; error?: string }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "orch-secret-"));
  const script = 'import("./lib/auth/secret.ts").then((m) => { try { console.log(JSON.stringify({ secret: m.authSecret() })); } catch (e) { console.log(JSON.stringify({ error: e.message })); } })';
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "-e", script], {
    env: { NODE_ENV: "test", PATH: process.env.PATH ?? "", DATA_DIR: dataDir, ...environment },
  });
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as { secret?: string; error?: string };
}

describe("authSecret", () => {
  it("is generated once per data directory on the embedded database, and kept", async () => {
    const first = await secretIn({});
    expect(first.secret).toMatch(/^[\w-]{43}$/);
  });

  it("is required with DATABASE_URL: servers sharing the database must share it, so none generates its own", async () => {
    expect(await secretIn({ DATABASE_URL: "postgres://nowhere.invalid/db" })).toEqual({
      error: "AUTH_SECRET is required with DATABASE_URL: every web server on the database must sign sessions with the same secret (at least 32 characters, e.g. from `openssl rand -base64 32`).",
    });
    const shared = "s".repeat(40);
    expect(await secretIn({ DATABASE_URL: "postgres://nowhere.invalid/db", AUTH_SECRET: shared })).toEqual({ secret: shared });
  });
});
