// The layers of lib/, bottom to top: a folder may import only folders listed before it (types too),
// so no lower layer reaches a higher one and no two folders import each other. The root files and
// the generated Prisma client are shared by all. Tests and lib/testing may reach anything.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";

export const LAYERS: Array<{ layer: string; folders: string[] }> = [
  { layer: "infrastructure", folders: ["db", "audit", "auth", "settings", "git", "sandbox", "events", "logs", "queue", "http"] },
  { layer: "stages", folders: ["users", "repositories", "agents", "tasks", "notifications", "runs", "checks", "github", "review", "merge", "webhooks"] },
  { layer: "orchestration", folders: ["pipeline", "demo"] },
  { layer: "workers", folders: ["worker"] },
  { layer: "API description", folders: ["api"] },
  { layer: "AI orchestrators' interface", folders: ["mcp"] },
];
const SHARED = ["", "generated"];
const EXEMPT = ["testing"];

const libDir = path.resolve(import.meta.dirname);
const order = LAYERS.flatMap(({ folders }) => folders);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|mjs|cjs)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** The lib/ folder a path is in ("" for lib's own files), or null outside lib/. */
function folderOf(file: string): string | null {
  const relative = path.relative(libDir, file);
  if (relative.startsWith("..")) return null;
  const parts = relative.split(path.sep);
  return parts.length === 1 ? "" : parts[0]!;
}

function importsOf(file: string): string[] {
  const source = readFileSync(file, "utf8");
  const specifiers = [...source.matchAll(/(?:^|\s)(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|^import\s+["']([^"']+)["']/gm)].map(
    (match) => match[1] ?? match[2] ?? match[3]!,
  );
  return specifiers.flatMap((specifier) => {
    if (specifier.startsWith("@/")) return [path.resolve(libDir, "..", specifier.slice(2))];
    if (specifier.startsWith(".")) return [path.resolve(path.dirname(file), specifier)];
    return [];
  });
}

const libFolders = readdirSync(libDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

describe("lib/ layers", () => {
  test("every folder of lib/ has its place in the layers", () => {
    expect(libFolders.filter((folder) => !order.includes(folder) && !SHARED.includes(folder) && !EXEMPT.includes(folder))).toEqual([]);
  });

  test("a folder imports only the shared files and folders below it", () => {
    const violations: string[] = [];
    for (const file of sourceFiles(libDir)) {
      const from = folderOf(file)!;
      if (EXEMPT.includes(from) || SHARED.includes(from)) continue;
      for (const target of importsOf(file)) {
        const to = folderOf(target);
        if (to === null || to === from || SHARED.includes(to)) continue;
        if (order.indexOf(to) === -1 || order.indexOf(to) > order.indexOf(from)) violations.push(`${path.relative(libDir, file)} imports lib/${to}`);
      }
    }
    expect(violations).toEqual([]);
  });

  test("the shared files import no folder but the generated client", () => {
    const violations = sourceFiles(libDir)
      .filter((file) => SHARED.includes(folderOf(file)!))
      .flatMap((file) => importsOf(file).filter((target) => !SHARED.includes(folderOf(target) ?? "")).map((target) => `${path.relative(libDir, file)} imports ${path.relative(libDir, target)}`));
    expect(violations).toEqual([]);
  });
});
