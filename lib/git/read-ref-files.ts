import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";

export const OBJECT_ID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

export const pathExists = (file: string) => stat(file).then(() => true, () => false);

/** A loose ref file's trimmed content; null when there is no such file (or a directory stands there). */
export async function readLooseRef(gitDir: string, name: string): Promise<string | null> {
  const content = await readFile(path.join(gitDir, name), "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT" || error.code === "ENOTDIR" || error.code === "EISDIR") return null;
    throw error;
  });
  return content === null ? null : content.trim();
}

/**
 * The named refs and every ref under `prefix` (e.g. `refs/tags/`) of the bare repository `gitDir`, full
 * ref name → object id, read from the ref files as git writes them: loose refs over packed-refs, which
 * git writes before it removes a loose ref. Null when the files cannot tell (the reftable format, a
 * symbolic ref, content git did not write, no repository): the caller asks git then. Reading files takes a
 * millisecond where a git process takes ten, and a run's clone waits for this twice.
 */
export async function readRefFiles(gitDir: string, names: string[], prefix: string): Promise<Map<string, string> | null> {
  const [reftable, repository] = await Promise.all([pathExists(path.join(gitDir, "reftable")), pathExists(path.join(gitDir, "HEAD"))]);
  if (reftable || !repository) return null;
  const packed = await packedRefs(gitDir);
  if (!packed) return null;
  const refs = new Map<string, string>();
  for (const [name, sha] of packed) if (names.includes(name) || name.startsWith(prefix)) refs.set(name, sha);
  const loose = [...names, ...(await looseRefsUnder(gitDir, prefix))];
  for (const name of loose) {
    const content = await readLooseRef(gitDir, name);
    if (content === null) continue;
    if (!OBJECT_ID.test(content)) return null;
    refs.set(name, content);
  }
  return refs;
}

/** packed-refs as name → object id (an empty map when there is none); null when it is not git's. */
async function packedRefs(gitDir: string): Promise<Map<string, string> | null> {
  const content = await readFile(path.join(gitDir, "packed-refs"), "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return "";
    throw error;
  });
  const refs = new Map<string, string>();
  for (const line of content.split("\n")) {
    // The header, and the peeled object of the annotated tag on the line before.
    if (line === "" || line.startsWith("#") || line.startsWith("^")) continue;
    const space = line.indexOf(" ");
    if (space < 0 || !OBJECT_ID.test(line.slice(0, space))) return null;
    refs.set(line.slice(space + 1), line.slice(0, space));
  }
  return refs;
}

async function looseRefsUnder(gitDir: string, prefix: string): Promise<string[]> {
  const entries = await readdir(path.join(gitDir, prefix), { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT" || error.code === "ENOTDIR") return [];
    throw error;
  });
  return entries
    .filter((entry) => entry.isFile() && !entry.name.endsWith(".lock")) // a .lock is a ref being written
    .map((entry) => path.relative(gitDir, path.join(entry.parentPath ?? entry.path, entry.name)).split(path.sep).join("/"));
}
