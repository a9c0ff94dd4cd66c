// The branch diff as git computes it against the merge base: statuses, renames, modes, binary files,
// odd names; the patch API, per file and per run.
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync, mkdirSync, renameSync, unlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as diffRoute } from "../../../app/api/v1/tasks/[id]/diff/route.ts";
import { createApiToken } from "../../auth/tokens/create-api-token.ts";
import { prisma } from "../../db/client.ts";
import { createTestActor, createTestRepository, createTestTask } from "../../testing/factories.ts";
import { rejection } from "../../testing/rejection.ts";
import { taskDiffFiles, taskDiffOpening } from "./task-diff.ts";

let dir: string;
let taskId: string;
let token: string;
let heads: { base: string; first: string; second: string; mainMoved: string };

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=T", "-c", "user.email=t@example.test", "-c", "init.defaultBranch=main", ...args], { cwd, encoding: "utf8" }).trim();

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "orch-diff-"));
  const work = path.join(dir, "work");
  mkdirSync(path.join(work, "src"), { recursive: true });
  git(dir, "init", "--quiet", work);
  writeFileSync(path.join(work, "src/keep.ts"), "export const a = 1;\nexport const b = 2;\n");
  writeFileSync(path.join(work, "src/old-name.ts"), Array.from({ length: 30 }, (_, i) => `line ${i}`).join("\n") + "\n");
  writeFileSync(path.join(work, "gone.txt"), "bye\n");
  writeFileSync(path.join(work, "run.sh"), "echo hi\n");
  git(work, "add", "-A");
  git(work, "commit", "--quiet", "-m", "base");
  const base = git(work, "rev-parse", "HEAD");
  git(work, "checkout", "--quiet", "-b", "feature/diff");
  writeFileSync(path.join(work, "src/keep.ts"), "export const a = 1;\nexport const b = 3;\n");
  renameSync(path.join(work, "src/old-name.ts"), path.join(work, "src/new-name.ts"));
  unlinkSync(path.join(work, "gone.txt"));
  chmodSync(path.join(work, "run.sh"), 0o755);
  writeFileSync(path.join(work, "logo.bin"), Buffer.from([0, 1, 2, 3, 255, 0, 7]));
  writeFileSync(path.join(work, "name with spaces – é.md"), "# hi\n");
  git(work, "add", "-A");
  git(work, "commit", "--quiet", "-m", "first run");
  const first = git(work, "rev-parse", "HEAD");
  writeFileSync(path.join(work, "second.txt"), "two\n");
  git(work, "add", "-A");
  git(work, "commit", "--quiet", "-m", "second run");
  const second = git(work, "rev-parse", "HEAD");
  git(work, "checkout", "--quiet", "main");
  writeFileSync(path.join(work, "later-on-main.txt"), "not part of the branch\n");
  git(work, "add", "-A");
  git(work, "commit", "--quiet", "-m", "main moves on");
  const mainMoved = git(work, "rev-parse", "HEAD");
  heads = { base, first, second, mainMoved };
  const upstream = path.join(dir, "upstream.git");
  git(dir, "clone", "--quiet", "--bare", work, upstream);

  const author = await createTestActor("operator");
  const repository = await createTestRepository({ upstream });
  const task = await createTestTask(repository, author, { branch: "feature/diff", headSha: second, baseSha: base });
  taskId = task.id;
  await prisma.run.create({ data: { taskId, number: 1, prompt: "p", agentKind: "script", status: "succeeded", startSha: base, headSha: first } });
  await prisma.run.create({ data: { taskId, number: 2, prompt: "p", agentKind: "script", status: "succeeded", startSha: first, headSha: second } });
  token = (await createApiToken(await createTestActor("viewer"), { name: "diff" })).token;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const call = (query: string) =>
  diffRoute(new Request(`http://localhost/api/v1/tasks/${taskId}/diff${query}`, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ id: taskId }) });

describe("the branch diff", () => {
  it("lists every change against the merge base (not main's later commits) with statuses, renames, modes and binaries", async () => {
    const diff = await taskDiffFiles(await createTestActor("viewer"), taskId);
    expect(diff).toMatchObject({ base: heads.base, head: heads.second });
    const byPath = Object.fromEntries(diff.files.map((file) => [file.path, file]));
    expect(Object.keys(byPath).sort()).toEqual(["gone.txt", "logo.bin", "name with spaces – é.md", "run.sh", "second.txt", "src/keep.ts", "src/new-name.ts"]);
    expect(byPath["src/keep.ts"]).toMatchObject({ status: "modified", additions: 1, deletions: 1, binary: false });
    expect(byPath["src/new-name.ts"]).toMatchObject({ status: "renamed", oldPath: "src/old-name.ts", additions: 0, deletions: 0 });
    expect(byPath["gone.txt"]).toMatchObject({ status: "deleted", deletions: 1, newMode: null });
    expect(byPath["run.sh"]).toMatchObject({ status: "modified", oldMode: "100644", newMode: "100755", additions: 0 });
    expect(Object.values(byPath).every((file) => /^[0-9a-f]{12,40}$/.test(file.blob))).toBe(true);
    expect(byPath["logo.bin"]).toMatchObject({ status: "added", binary: true });
    expect(byPath["name with spaces – é.md"]).toMatchObject({ status: "added", additions: 1 });
    expect(diff.totals).toEqual({ files: 7, additions: 3, deletions: 2 });
  });

  it("serves the unified patch, only the files asked for, and one run's changes", async () => {
    const whole = await call("");
    expect(whole.headers.get("content-type")).toMatch(/^text\/x-diff/);
    const patch = await whole.text();
    expect(patch).toContain("diff --git a/src/keep.ts b/src/keep.ts");
    expect(patch).toContain("rename from src/old-name.ts");
    expect(patch).toContain("GIT binary patch");
    expect(patch).not.toContain("later-on-main.txt");

    const some = await (await call(`?path=${encodeURIComponent("name with spaces – é.md")}&path=src/keep.ts`)).text();
    expect(some.match(/^diff --git/gm)).toHaveLength(2);
    expect(some).toContain("+# hi");

    const run2 = await taskDiffFiles(await createTestActor("viewer"), taskId, { run: (await prisma.run.findFirstOrThrow({ where: { taskId, number: 2 } })).id });
    expect(run2.files.map((file) => file.path)).toEqual(["second.txt"]);
    // Since the head run 1 pushed (the one a reviewer saw): only what came after it.
    const firstHead = (await prisma.run.findFirstOrThrow({ where: { taskId, number: 1 } })).headSha!;
    const since = await (await call(`?format=json&since=${firstHead}`)).json();
    expect(since.files.map((file: { path: string }) => file.path)).toEqual(["second.txt"]);
    expect((await call(`?since=${"e".repeat(40)}`)).status).toBe(404);
    expect((await call("?since=HEAD")).status).toBe(422);
    const json = await (await call("?format=json")).json();
    expect(json.files).toHaveLength(7);
  });

  it("opens with the file list and the patch of the first files (renames with their old path), as the page shows them", async () => {
    const viewer = await createTestActor("viewer");
    const { diff, openingPatch } = await taskDiffOpening(viewer, taskId);
    expect(diff).toEqual(await taskDiffFiles(viewer, taskId));
    expect(openingPatch!.paths).toEqual(diff.files.map((file) => file.path));
    expect(openingPatch!.text.match(/^diff --git/gm)).toHaveLength(7);
    expect(openingPatch!.text).toContain("rename from src/old-name.ts");
    expect(openingPatch!.text).toContain("Binary files");
    expect(openingPatch!.text).toBe(await (await call(`?${diff.files.flatMap((file) => [file.path, ...(file.oldPath ? [file.oldPath] : [])]).map((path) => `path=${encodeURIComponent(path)}`).join("&")}`)).text());
    await expect(rejection(taskDiffOpening(null, taskId))).resolves.toMatchObject({ code: "unauthorized" });
  });

  it("answers clearly for a task with no head and for a run of another task", async () => {
    const other = await createTestTask(await createTestRepository(), await createTestActor("operator"));
    const viewer = await createTestActor("viewer");
    expect(((await rejection(taskDiffFiles(viewer, other.id))) as Error).message).toMatch(/no run has pushed a commit/);
    const run = await prisma.run.findFirstOrThrow({ where: { taskId } });
    expect(((await rejection(taskDiffFiles(viewer, other.id, { run: run.id }))) as { status: number }).status).toBe(404);
    expect((await call("?run=nope")).status).toBe(404);
  });

  it("answers a git failure (an upstream that is gone) with 502 and git's own words, not an anonymous 500", async () => {
    const repository = await createTestRepository({ upstream: path.join(dir, "gone.git") });
    const lost = await createTestTask(repository, await createTestActor("operator"), { branch: "feature/lost", headSha: "d".repeat(40) });
    const response = await diffRoute(new Request(`http://localhost/api/v1/tasks/${lost.id}/diff?format=json`, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ id: lost.id }) });
    expect(response.status).toBe(502);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("git_failed");
    expect(body.error.message).toMatch(/^Could not .*gone\.git/);
  });
});
