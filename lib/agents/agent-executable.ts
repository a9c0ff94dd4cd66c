import { open, realpath } from "node:fs/promises";
import path from "node:path";
import { findOnPath } from "../find-on-path.ts";

export interface AgentExecutable {
  /** The program's real file: the agent is started by this path. */
  path: string;
  /** What the sandbox must show read-only for it to run: its install and its interpreter's. */
  mounts: string[];
}

/**
 * Where an agent CLI found on the server's PATH really lives, and what it needs beside it. The sandbox
 * empties the server user's home and /tmp, where installers put CLIs (Claude Code's native installer in
 * ~/.local, npm's user prefix, nvm): a CLI found there would be offered and then fail with exit 1. The
 * agent is started by its real path, with its npm install (the outermost node_modules, where npm puts
 * the packages it needs) or the file itself mounted, and so is a `#!` interpreter such as node.
 * Null when the program is not on PATH.
 */
export async function resolveAgentExecutable(command: string): Promise<AgentExecutable | null> {
  const found = command.includes("/") ? command : await findOnPath(command);
  if (!found) return null;
  const real = await realpath(found).catch(() => null);
  if (!real) return null;
  const mounts = [installOf(real)];
  const interpreter = await interpreterOf(real);
  if (interpreter && interpreter !== command) {
    const resolved = await resolveAgentExecutable(interpreter);
    if (resolved) mounts.push(...resolved.mounts);
  }
  return { path: real, mounts: [...new Set(mounts)] };
}

function installOf(real: string): string {
  const parts = real.split(path.sep);
  const modules = parts.indexOf("node_modules");
  return modules > 0 ? parts.slice(0, modules + 1).join(path.sep) : real;
}

/** The program a `#!` line starts (`#!/usr/bin/env node` → node, `#!/usr/bin/env -S node --flag` → node). */
async function interpreterOf(file: string): Promise<string | null> {
  const handle = await open(file, "r").catch(() => null);
  if (!handle) return null;
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(256), 0, 256, 0);
    const head = buffer.subarray(0, bytesRead).toString("latin1");
    if (!head.startsWith("#!")) return null;
    const words = head.slice(2).split("\n")[0]!.trim().split(/\s+/).filter((word) => word !== "-S");
    if (path.basename(words[0] ?? "") === "env") return words.find((word, index) => index > 0 && !word.startsWith("-")) ?? null;
    return words[0] ?? null;
  } finally {
    await handle.close();
  }
}
