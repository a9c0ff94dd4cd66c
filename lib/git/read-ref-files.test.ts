import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBareGitRepo } from "../testing/factories.ts";
import { git } from "./git.ts";
import { readMirrorRefs } from "./borrowing-clone.ts";
import { readRefFiles } from "./read-ref-files.ts";

let repo: Awaited<ReturnType<typeof createBareGitRepo>>;
let second: string;
const inRepo = (...args: string[]) => git(["--git-dir", repo.path, ...args], "prepare the test repository");
const asked = ["refs/heads/main", "refs/heads/packed-then-moved", "refs/heads/packed-then-deleted", "refs/heads/loose", "refs/heads/missing", "refs/heads/feature"];

async function gitsAnswer(): Promise<Map<string, string>> {
  const listed = await inRepo("for-each-ref", "--format=%(objectname) %(refname)", "--", ...asked, "refs/tags/");
  const refs = listed.split("\n").filter(Boolean).map((line) => line.split(" ").reverse() as [string, string]);
  // for-each-ref's patterns match leading path components: refs/heads/feature lists refs/heads/feature/nested.
  return new Map(refs.filter(([name]) => asked.includes(name) || name.startsWith("refs/tags/")));
}

beforeAll(async () => {
  repo = await createBareGitRepo(["main", "feature/nested", "packed-then-moved", "packed-then-deleted"]);
  const tree = await inRepo("write-tree");
  second = await git(["--git-dir", repo.path, "-c", "user.name=T", "-c", "user.email=t@t", "commit-tree", tree, "-p", repo.commit, "-m", "Second"], "commit");
  const tagger = ["-c", "user.name=T", "-c", "user.email=t@t"];
  await git(["--git-dir", repo.path, ...tagger, "tag", "-a", "-m", "Annotated", "v1-annotated", repo.commit], "tag");
  await inRepo("tag", "release/2024/v1", repo.commit);
  await inRepo("tag", "packed-then-moved-tag", repo.commit);
  await inRepo("pack-refs", "--all");
  await inRepo("update-ref", "refs/heads/packed-then-moved", second);
  await inRepo("update-ref", "-d", "refs/heads/packed-then-deleted");
  await inRepo("update-ref", "refs/heads/loose", second);
  await inRepo("tag", "-f", "packed-then-moved-tag", second);
  await inRepo("tag", "nested/loose/tag", second);
  await git(["--git-dir", repo.path, ...tagger, "tag", "-a", "-m", "Loose annotated", "v2-annotated", second], "tag");
});
afterAll(() => repo.remove());

describe("readRefFiles", () => {
  it("reads what git lists for loose, packed, moved, deleted and missing branches and for nested, annotated and moved tags", async () => {
    const fromFiles = await readRefFiles(repo.path, asked, "refs/tags/");
    expect(fromFiles).toEqual(await gitsAnswer());
    expect(fromFiles?.get("refs/heads/packed-then-moved")).toBe(second);
    expect(fromFiles?.has("refs/heads/packed-then-deleted")).toBe(false);
    expect(fromFiles?.get("refs/tags/nested/loose/tag")).toBe(second);
  });

  it("skips a ref git is writing (its .lock)", async () => {
    const lock = path.join(repo.path, "refs", "tags", "being-written.lock");
    await writeFile(lock, `${second}\n`);
    try {
      expect(await readRefFiles(repo.path, asked, "refs/tags/")).toEqual(await gitsAnswer());
    } finally {
      await rm(lock);
    }
  });

  it("leaves it to git where the files cannot tell: a symbolic ref, the reftable format, a directory that is not a repository", async () => {
    await inRepo("symbolic-ref", "refs/heads/alias", "refs/heads/loose");
    try {
      expect(await readRefFiles(repo.path, ["refs/heads/alias"], "refs/tags/")).toBeNull();
      const { commits } = await readMirrorRefs(repo.path, ["refs/heads/alias"]);
      expect(commits.get("refs/heads/alias")).toBe(second);
    } finally {
      await inRepo("symbolic-ref", "--delete", "refs/heads/alias");
    }
    await mkdir(path.join(repo.path, "reftable"));
    try {
      expect(await readRefFiles(repo.path, asked, "refs/tags/")).toBeNull();
    } finally {
      await rm(path.join(repo.path, "reftable"), { recursive: true });
    }
    expect(await readRefFiles(path.join(repo.path, "objects"), asked, "refs/tags/")).toBeNull();
  });
});

describe("readMirrorRefs", () => {
  it("gives the asked-for branches as commits and every tag, as git lists them", async () => {
    const expected = await gitsAnswer();
    const { commits, tags } = await readMirrorRefs(repo.path, asked);
    expect(commits).toEqual(new Map([...expected].filter(([name]) => name.startsWith("refs/heads/"))));
    expect(tags).toEqual(new Map([...expected].filter(([name]) => name.startsWith("refs/tags/"))));
  });
});
