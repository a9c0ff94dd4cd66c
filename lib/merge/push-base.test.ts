// A merge moves the mirror's base branch while runs refresh the mirror from the upstream: the two ref
// updates must take turns, or the fetch fails with "cannot lock ref … is at X but expected Y" (seen in
// the soak: a run failed "Could not fetch the upstream into the mirror").
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { git, readCommit } from "../git/git.ts";
import { ensureMirror } from "../git/ensure-mirror.ts";
import { createBareGitRepo } from "../testing/factories.ts";
import { pushBase } from "./push-base.ts";

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

it("refreshing the mirror while merges move its base branch never fails", async () => {
  const upstream = await createBareGitRepo(["main"]);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "push-base-test-"));
  cleanups.push(() => upstream.remove(), () => rm(dataDir, { recursive: true, force: true }));
  const mirror = { dataDir, repositoryId: "push-base-race", upstream: upstream.path };
  const { mirrorPath } = await ensureMirror(mirror);
  const identity = { GIT_AUTHOR_NAME: "T", GIT_AUTHOR_EMAIL: "t@example.test", GIT_COMMITTER_NAME: "T", GIT_COMMITTER_EMAIL: "t@example.test" };

  // Runs refreshing the mirror all the time, as busy workers do…
  let merging = true;
  const refreshFailures: string[] = [];
  const refresher = (async () => {
    while (merging) await ensureMirror(mirror).catch((error: unknown) => refreshFailures.push(String(error)));
  })();
  // …while merges land one after another.
  for (let round = 0; round < 40; round++) {
    const baseSha = (await readCommit(mirrorPath, "refs/heads/main"))!;
    const tree = await git(["--git-dir", mirrorPath, "rev-parse", `${baseSha}^{tree}`], "read the tree");
    const mergeSha = await git(["--git-dir", mirrorPath, "commit-tree", tree, "-p", baseSha, "-m", `merge ${round}`], "make a commit", { env: identity });
    await pushBase({ mirrorPath, upstream: upstream.path, baseBranch: "main", baseSha, mergeSha });
    expect(await readCommit(mirrorPath, "refs/heads/main")).toBe(mergeSha);
  }
  merging = false;
  await refresher;
  expect(refreshFailures.slice(0, 3)).toEqual([]);
}, 120_000);
