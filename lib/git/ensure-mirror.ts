import { randomUUID } from "node:crypto";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { git, REMOTE_TIMEOUT_MS } from "./git.ts";
import { withMirrorLock } from "./mirror-lock.ts";
import { assertPathSegment } from "./validate.ts";

export interface EnsureMirrorInput {
  dataDir: string;
  repositoryId: string;
  /** Passed to git on every fetch and push, never stored in the mirror. */
  upstream: string;
  /** For the calls that reach the upstream (e.g. a GitHub token's header). */
  remoteEnv?: Record<string, string>;
}

/** Where the repository's mirror lives (it may not exist yet). */
export function mirrorPathOf(dataDir: string, repositoryId: string): string {
  assertPathSegment("repositoryId", repositoryId);
  return path.join(path.resolve(dataDir), "mirrors", `${repositoryId}.git`);
}

/**
 * The repository's bare mirror at `<dataDir>/mirrors/<repositoryId>.git`, cloned on first use and
 * otherwise brought up to date with the upstream's branches and tags (deleted ones are pruned).
 */
export async function ensureMirror(input: EnsureMirrorInput): Promise<{ mirrorPath: string }> {
  const { dataDir, repositoryId, upstream } = input;
  const mirrorPath = mirrorPathOf(dataDir, repositoryId);
  await mkdir(path.dirname(mirrorPath), { recursive: true });
  await withMirrorLock(mirrorPath, async () => {
    const exists = await stat(mirrorPath).then(() => true, () => false);
    await (exists ? refreshMirror(mirrorPath, upstream, input.remoteEnv) : createMirror(mirrorPath, upstream, input.remoteEnv));
  });
  return { mirrorPath };
}

async function createMirror(mirrorPath: string, upstream: string, remoteEnv?: Record<string, string>): Promise<void> {
  // Cloned beside its final path and renamed into place, so an interrupted clone never passes for a mirror.
  const partialPath = `${mirrorPath}.partial-${randomUUID()}`;
  try {
    const cloneArgs = ["clone", "--bare", "--quiet", "--", upstream, partialPath];
    await git(cloneArgs, "clone the upstream", { timeoutMs: REMOTE_TIMEOUT_MS, env: remoteEnv });
    // The upstream URL may carry credentials, and agents can read the mirror.
    await git(["--git-dir", partialPath, "remote", "remove", "origin"], "forget the upstream URL in the mirror");
    // Run clones borrow the mirror's objects: those a fetch leaves unreferenced must stay.
    await git(["--git-dir", partialPath, "config", "gc.pruneExpire", "never"], "configure the mirror");
    await rename(partialPath, mirrorPath);
  } catch (error) {
    await rm(partialPath, { recursive: true, force: true });
    throw error;
  }
}

async function refreshMirror(mirrorPath: string, upstream: string, remoteEnv?: Record<string, string>): Promise<void> {
  const refspecs = ["+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"];
  // FETCH_HEAD would name the upstream URL. Every run waits for this fetch, so git's housekeeping (a
  // process of its own) is left to the fetch that publishes a run's branch into the mirror.
  const options = ["--prune", "--quiet", "--no-write-fetch-head", "--no-auto-maintenance"];
  const args = ["--git-dir", mirrorPath, "fetch", ...options, "--", upstream, ...refspecs];
  await git(args, "fetch the upstream into the mirror", { timeoutMs: REMOTE_TIMEOUT_MS, env: remoteEnv });
}
