import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "../env.mjs";

let cached: string | undefined;

/**
 * AUTH_SECRET, or, on the embedded database, one generated on first use and kept in DATA_DIR so
 * sessions survive restarts. With DATABASE_URL several servers may share the database, and a session
 * signed by one must hold on any other: a secret of one host's own would not, so it is required.
 */
export function authSecret(): string {
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  if (env.DATABASE_URL) {
    throw new Error("AUTH_SECRET is required with DATABASE_URL: every web server on the database must sign sessions with the same secret (at least 32 characters, e.g. from `openssl rand -base64 32`).");
  }
  if (cached) return cached;
  const file = path.join(env.DATA_DIR, "auth-secret");
  try {
    cached = readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(env.DATA_DIR, { recursive: true });
    const secret = randomBytes(32).toString("base64url");
    try {
      writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
      cached = secret;
    } catch {
      cached = readFileSync(file, "utf8").trim(); // another process wrote it first
    }
  }
  return cached;
}
