import { execFile } from "node:child_process";
import { stat } from "node:fs/promises";
import { promisify } from "node:util";
import { findOnPath } from "../find-on-path.ts";
import type { AgentDetection } from "./types.ts";

// Gemini CLI's --version took 3 s idle and 52 s under load: it is asked in the background, with room.
const VERSION_TIMEOUT_MS = 120_000;
// Enough for a CLI to print its version; the server's own variables (secrets) stay out.
const VERSION_ENV_NAMES = ["PATH", "HOME", "LANG"];

interface VersionProbe {
  mtimeMs: number;
  answer?: AgentDetection;
  settled: Promise<AgentDetection>;
}

// By the binary's path and modification time: an installed or updated CLI is asked again, no restart.
const probes = new Map<string, VersionProbe>();

/**
 * Finds `binary` on PATH and what its `--version` says, asked in the background once per binary path
 * and modification time: until it answers the binary is `checking` (offered, not hidden); one that
 * cannot answer is not available. `wait` waits for the answer.
 */
export async function detectBinary(binary: string, { wait = false }: { wait?: boolean } = {}): Promise<AgentDetection> {
  const found = await findOnPath(binary);
  if (!found) return { available: false };
  const { mtimeMs } = await stat(found);
  let probe = probes.get(found);
  if (!probe || probe.mtimeMs !== mtimeMs) {
    const fresh: VersionProbe = { mtimeMs, settled: askVersion(found).then((answer) => (fresh.answer = answer)) };
    probes.set(found, fresh);
    probe = fresh;
  }
  if (wait) return probe.settled;
  return probe.answer ?? { available: true, path: found, checking: true };
}

async function askVersion(found: string): Promise<AgentDetection> {
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

/** "codex-cli 0.46.0" → "0.46.0", "1.0.35 (Claude Code)" → "1.0.35"; otherwise the first line. */
export function versionIn(output: string): string | undefined {
  const firstLine = output.trim().split("\n")[0]?.trim();
  if (!firstLine) return undefined;
  return /\d+(?:\.\d+)+(?:[-+][\w.-]+)?/.exec(firstLine)?.[0] ?? firstLine;
}
