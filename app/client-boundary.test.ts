// Server-only code never reaches the browser: from every "use client" module, the modules it bundles
// (value imports, followed through; server actions are references, not bundled) import no Node
// built-in, database driver, Prisma client, lib/db, the validated environment or a secret-reading module.
// A test rather than the `server-only` package: lib/ also runs under plain Node (npm start's
// supervisor, npm run worker, the log ingest thread, the scripts), where `server-only` throws without
// the react-server condition, which cannot be given to them without reaching the Next server they start.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { expect, test } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const FORBIDDEN_PACKAGES = new Set(["pg", "@prisma/client", "@prisma/adapter-pg", "@electric-sql/pglite", "pg-boss", "next-auth/next", "@octokit/rest", "bcryptjs", "server-only"]);
const FORBIDDEN_FILES = [/^lib\/db\//, /^lib\/generated\/prisma\/(client|internal)/, /^lib\/env\.mjs$/];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

function resolveModule(from: string, specifier: string): string | null {
  const base = specifier.startsWith("@/") ? path.join(root, specifier.slice(2)) : path.resolve(path.dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}.mjs`, path.join(base, "index.ts"), path.join(base, "index.tsx")]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** What a module imports for its values (`import type` and `export type` are erased). */
function valueImports(source: string): string[] {
  const statements = source.matchAll(/^(?:import|export)\s+(type\s+)?([^;]*?)\s*from\s+["']([^"']+)["']|^import\s+["']([^"']+)["']/gm);
  return [...statements].flatMap((match) => {
    if (match[4]) return [match[4]];
    if (match[1]) return [];
    const names = match[2]!.match(/^\{([^}]*)\}$/);
    if (names && names[1]!.split(",").every((name) => !name.trim() || name.trim().startsWith("type "))) return [];
    return [match[3]!];
  });
}

const isDirective = (source: string, directive: string) => new RegExp(`^\\s*["']${directive}["']`).test(source);

test("no client module bundles server-only code", () => {
  const clientModules = [...filesUnder(path.join(root, "app")), ...filesUnder(path.join(root, "components"))].filter((file) => isDirective(readFileSync(file, "utf8"), "use client"));
  expect(clientModules.length).toBeGreaterThan(20);
  const violations = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string, chain: string[]) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, "utf8");
    if (chain.length > 0 && isDirective(source, "use server")) return;
    const here = [...chain, path.relative(root, file)];
    for (const specifier of valueImports(source)) {
      const bare = specifier.replace(/^node:/, "");
      if (specifier.startsWith("node:") || builtinModules.includes(bare) || FORBIDDEN_PACKAGES.has(specifier)) {
        violations.add(`${here.join(" → ")} imports ${specifier}`);
        continue;
      }
      if (!specifier.startsWith(".") && !specifier.startsWith("@/")) continue;
      const target = resolveModule(file, specifier);
      if (!target) continue;
      const relative = path.relative(root, target);
      if (FORBIDDEN_FILES.some((pattern) => pattern.test(relative))) violations.add(`${here.join(" → ")} imports ${relative}`);
      else visit(target, here);
    }
  };
  for (const file of clientModules) visit(file, []);
  expect([...violations]).toEqual([]);
});
