import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBareGitRepo } from "../testing/factories.ts";
import { git, readCommit } from "./git.ts";
import { readBranchHead } from "./read-branch-head.ts";

let repo: Awaited<ReturnType<typeof createBareGitRepo>>;
let second: string;
const inRepo = (...args: string[]) => git(["--git-dir", repo.path, ...args], "prepare the test repository");

beforeAll(async () => {
  repo = await createBareGitRepo(["main", "feature/nested/name", "packed-then-moved", "packed-then-deleted"]);
  const tree = await inRepo("write-tree");
  second = await git(["--git-dir", repo.path, "-c", "user.name=T", "-c", "user.email=t@t", "commit-tree", tree, "-p", repo.commit, "-m", "Second"], "commit");
  await inRepo("pack-refs", "--all");
  await inRepo("update-ref", "refs/heads/packed-then-moved", second);
  await inRepo("update-ref", "-d", "refs/heads/packed-then-deleted");
  await inRepo("update-ref", "refs/heads/loose", second);
  await inRepo("symbolic-ref", "refs/heads/alias", "refs/heads/loose");
});
afterAll(() => repo.remove());

describe("readBranchHead", () => {
  it("answers what git answers for loose, packed, moved, deleted, nested, symbolic and missing branches", async () => {
    const branches = ["main", "feature/nested/name", "packed-then-moved", "packed-then-deleted", "loose", "alias", "missing", "feature", "feature/nested"];
    const expected = { main: repo.commit, "feature/nested/name": repo.commit, "packed-then-moved": second, "packed-then-deleted": null, loose: second, alias: second, missing: null, feature: null, "feature/nested": null };
    for (const branch of branches) {
      const fromFiles = await readBranchHead(repo.path, branch);
      expect({ branch, commit: fromFiles }).toEqual({ branch, commit: expected[branch as keyof typeof expected] });
      expect(fromFiles).toBe(await readCommit(repo.path, `refs/heads/${branch}`));
    }
  });

  it("lets git answer for a name git would not take, finds no branch in a repository without packed-refs, and fails outside a repository", async () => {
    await expect(readBranchHead(repo.path, "../../HEAD")).resolves.toBeNull();
    const empty = await createBareGitRepo([]);
    try {
      await expect(readBranchHead(empty.path, "main")).resolves.toBeNull();
      await expect(readCommit(empty.path, "refs/heads/main")).resolves.toBeNull();
      await expect(readBranchHead(path.join(empty.path, "missing"), "main")).rejects.toThrow(/Could not read refs\/heads\/main: .* is not a git repository/);
      await expect(readCommit(path.join(empty.path, "missing"), "refs/heads/main")).rejects.toThrow(/Could not read refs\/heads\/main/);
    } finally {
      await empty.remove();
    }
  });
});
