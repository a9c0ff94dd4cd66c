import { execFile } from "node:child_process";
import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import type { AgentDetection } from "./types.ts";

const VERSION_TIMEOUT_MS = 5_000;
// Enough for a CLI to print its version; the server's own variables (secrets) stay out.
const VERSION_ENV_NAMES = ["PATH", "HOME", "LANG"];

/** Finds `binary` on PATH and asks it for `--version`; a binary that cannot answer is not available. */
export async function detectBinary(binary: string): Promise<AgentDetection> {
  const found = await findOnPath(binary);
  if (!found) return { available: false };
  try {
    const { stdout, stderr } = await promisify(execFile)(found, ["--version"], { timeout: VERSION_TIMEOUT_MS, env: versionEnv() });
    return { available: true, path: found, version: versionIn(stdout || stderr) };
  } catch {
    return { available: false, path: found };
  }
}

function versionEnv(): NodeJS.ProcessEnv {
  const env: Record<string, string> = {};
  for (const name of VERSION_ENV_NAMES) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env as NodeJS.ProcessEnv; // Next's types declare NODE_ENV required; a child does not need it
}

/** The first executable file named `binary` in the server's PATH. */
export async function findOnPath(binary: string, searchPath = process.env.PATH ?? ""): Promise<string | undefined> {
  for (const directory of searchPath.split(path.delimiter)) {
    if (!directory) continue;
    const candidate = path.join(directory, binary);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

async function isExecutableFile(candidate: string): Promise<boolean> {
  try {
    await access(candidate, constants.X_OK);
    return (await stat(candidate)).isFile();
  } catch {
    return false;
  }
}

/** "codex-cli 0.46.0" → "0.46.0", "1.0.35 (Claude Code)" → "1.0.35"; otherwise the first line. */
export function versionIn(output: string): string | undefined {
  const firstLine = output.trim().split("\n")[0]?.trim();
  if (!firstLine) return undefined;
  return /\d+(?:\.\d+)+(?:[-+][\w.-]+)?/.exec(firstLine)?.[0] ?? firstLine;
}
