import { lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { collectResult } from "./collect-result.ts";
import { ensureMirror } from "./ensure-mirror.ts";
import { prepareClone, prepareFreshClone, type PreparedClone } from "./prepare-clone.ts";
import { publishBranch } from "./publish-branch.ts";
import { removeClone } from "./remove-clone.ts";
import {
  agentGit,
  agentWrites,
  bwrapWorks,
  commitUpstream,
  createUpstream,
  gitOk,
  refsOf,
  sandboxedAgentGit,
  type TestUpstream,
} from "../testing/test-repos.ts";

const TASK = "task/add-greeting";
const TASK_REF = `refs/heads/${TASK}`;
const AGENT = "Code Orchestrator Agent <agent@code-orchestrator.local>";

interface Run {
  mirrorPath: string;
  clone: PreparedClone;
  taskBranch: string;
}

let root: string;
let upstream: TestUpstream;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "orch-workspace-"));
  upstream = await createUpstream(root);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function mirror() {
  return ensureMirror({ dataDir: path.join(root, "data"), repositoryId: "repo-1", upstream: upstream.path });
}

/** As the worker starts a run: the mirror fetched while the clone is made from it. */
async function startRun(runId: string, taskBranch = TASK): Promise<Run> {
  const workspaceRoot = path.join(root, "workspaces");
  const { mirrorPath, ...clone } = await prepareFreshClone(
    { dataDir: path.join(root, "data"), repositoryId: "repo-1", upstream: upstream.path },
    { workspaceRoot, runId, baseBranch: "main", taskBranch },
  );
  return { mirrorPath, clone, taskBranch };
}

function collect({ clone, taskBranch }: Run, commitMessage = "Agent work") {
  return collectResult({ clonePath: clone.path, taskBranch, startSha: clone.startSha, commitMessage });
}

/** What the orchestrator does after the agent exits: collect, publish, remove the clone. */
async function finishRun(run: Run): Promise<string> {
  const collected = await collect(run);
  if (!collected.changed) throw new Error("expected the run to change something");
  const { headSha } = await publish(run, collected.headSha);
  await removeClone(run.clone.path);
  return headSha;
}

function publish({ mirrorPath, clone, taskBranch }: Run, newSha: string) {
  const expectedOldSha = clone.baseSha === null ? clone.startSha : null;
  return publishBranch({ clonePath: clone.path, mirrorPath, upstream: upstream.path, taskBranch, expectedOldSha, newSha });
}

async function agentWritesAndPublishes(runId: string): Promise<string> {
  const run = await startRun(runId);
  await agentWrites(run.clone.path, `${runId}.txt`, `${runId}\n`);
  return finishRun(run);
}

async function agentRuns(clonePath: string, steps: string[][]): Promise<void> {
  for (const step of steps) expect((await agentGit(clonePath, step)).code, step.join(" ")).toBe(0);
}

/** The refs of `after` that differ from `before`, as "ref: old -> new". */
function movedRefs(before: Map<string, string>, after: Map<string, string>): string[] {
  const names = [...new Set([...before.keys(), ...after.keys()])];
  return names.filter((name) => before.get(name) !== after.get(name)).map((name) => `${name}: ${before.get(name)} -> ${after.get(name)}`);
}

describe("run workspaces", () => {
  it("starts a run from the upstream as it is now, though its clone is made while the mirror is fetched", async () => {
    const first = await startRun("run-1");
    await removeClone(first.clone.path);
    expect(first.clone.startSha).toBe(upstream.mainSha);

    // Unchanged upstream: the clone made during the fetch is the run's.
    const again = await startRun("run-2");
    expect(again.clone).toMatchObject({ baseSha: upstream.mainSha, startSha: upstream.mainSha });
    await removeClone(again.clone.path);

    // The upstream moved since the mirror's last fetch: the early clone is replaced by one of the new heads.
    const moved = await commitUpstream(upstream.path, "main", upstream.mainSha);
    await gitOk(upstream.path, ["tag", "v2", moved]);
    const fresh = await startRun("run-3");
    expect(fresh.clone).toMatchObject({ baseSha: moved, startSha: moved });
    expect(await gitOk(fresh.clone.path, ["rev-parse", "HEAD"])).toBe(moved);
    expect([...(await refsOf(path.join(fresh.clone.path, ".git"))).keys()]).toEqual(["refs/heads/main", TASK_REF, "refs/tags/v1", "refs/tags/v2"]);
    expect(await gitOk(fresh.clone.path, ["status", "--porcelain", "--untracked-files=all"])).toBe("");
    expect(await readdir(path.join(root, "workspaces"))).toEqual(["run-3"]);
  });

  it("creates the task branch from the base head on a first run and continues from its head on the next", async () => {
    const first = await startRun("run-1");
    expect(first.clone).toMatchObject({ baseSha: upstream.mainSha, startSha: upstream.mainSha });
    expect(await gitOk(first.clone.path, ["symbolic-ref", "HEAD"])).toBe(TASK_REF);
    expect(await gitOk(first.clone.path, ["remote"])).toBe("");
    const cloneRefs = await refsOf(path.join(first.clone.path, ".git"));
    expect([...cloneRefs.keys()]).toEqual(["refs/heads/main", TASK_REF, "refs/tags/v1"]);
    const alternates = await readFile(path.join(first.clone.path, ".git/objects/info/alternates"), "utf8");
    expect(alternates.trim()).toBe(path.join(first.mirrorPath, "objects"));
    expect(await gitOk(first.mirrorPath, ["config", "--get-regexp", "^remote\\."]).catch(() => "")).toBe("");
    expect(await gitOk(first.clone.path, ["status", "--porcelain", "--untracked-files=all"])).toBe("");
    expect(await gitOk(first.clone.path, ["fsck", "--strict", "--no-dangling"])).toBe("");

    await agentWrites(first.clone.path, "greeting.txt", "hello\n");
    const headSha = await finishRun(first);
    expect(await gitOk(upstream.path, ["rev-parse", TASK_REF])).toBe(headSha);
    expect(await lstat(first.clone.path).catch(() => null)).toBeNull();

    const second = await startRun("run-2");
    expect(second.clone).toMatchObject({ baseSha: null, startSha: headSha });
    expect(await readFile(path.join(second.clone.path, "greeting.txt"), "utf8")).toBe("hello\n");
  });

  it("commits changed, deleted and untracked files as the agent, skips ignored ones, and reports a run that changed nothing", async () => {
    const run = await startRun("run-1");
    const clonePath = run.clone.path;
    await agentWrites(clonePath, "committed-by-agent.txt", "1\n");
    await agentRuns(clonePath, [["add", "committed-by-agent.txt"], ["commit", "--quiet", "-m", "Agent's own commit"]]);
    await agentWrites(clonePath, "notes/todo.txt", "untracked\n");
    await agentWrites(clonePath, "debug.log", "ignored\n");
    await rm(path.join(clonePath, "README.md"));

    const collected = await collect(run, "Add greeting (run 1)");
    if (!collected.changed) throw new Error("expected changes");
    const range = `${run.clone.startSha}..${collected.headSha}`;
    const log = await gitOk(clonePath, ["log", "--format=%an <%ae>|%cn <%ce>|%s", range]);
    expect(log.split("\n")).toEqual([`${AGENT}|${AGENT}|Add greeting (run 1)`, `${AGENT}|${AGENT}|Agent's own commit`]);
    const files = await gitOk(clonePath, ["ls-tree", "-r", "--name-only", collected.headSha]);
    expect(files.split("\n").sort()).toEqual([".gitignore", "committed-by-agent.txt", "notes/todo.txt"]);
    expect(await gitOk(clonePath, ["status", "--porcelain"])).toBe("");

    const idle = await startRun("run-2");
    await agentWrites(idle.clone.path, "only-ignored.log", "ignored\n");
    expect(await collect(idle)).toEqual({ changed: false });
  });

  it("moves only the task branch, whatever other refs the agent creates or moves in its clone", async () => {
    const run = await startRun("run-1");
    const clonePath = run.clone.path;
    const upstreamBefore = await refsOf(upstream.path);
    const mirrorBefore = await refsOf(run.mirrorPath);

    await agentRuns(clonePath, [
      ["commit", "--quiet", "--allow-empty", "-m", "Work on the task"],
      ["tag", "agent-light"],
      ["tag", "-a", "-m", "Agent tag", "agent-annotated"],
      ["tag", "--force", "v1", "HEAD"],
      ["branch", "agent-branch"],
      ["branch", "--force", "release", "HEAD"],
      ["checkout", "--quiet", "main"],
      ["commit", "--quiet", "--allow-empty", "-m", "Commit on the base branch"],
      ["checkout", "--quiet", TASK],
    ]);
    for (const push of [["push"], ["push", "origin", "main"], ["push", "--all", "origin"]]) {
      expect((await agentGit(clonePath, push)).code, push.join(" ")).not.toBe(0);
    }

    const headSha = await finishRun(run);
    expect(await gitOk(upstream.path, ["rev-parse", `${headSha}^`])).toBe(upstream.mainSha);
    expect(movedRefs(upstreamBefore, await refsOf(upstream.path))).toEqual([`${TASK_REF}: undefined -> ${headSha}`]);
    expect(movedRefs(mirrorBefore, await refsOf(run.mirrorPath))).toEqual([`${TASK_REF}: undefined -> ${headSha}`]);
  });

  it.skipIf(!bwrapWorks)("in a read-only host sandbox the agent commits but cannot push to the upstream or mirror path", async () => {
    const run = await startRun("run-1");
    const clonePath = run.clone.path;
    const upstreamBefore = await refsOf(upstream.path);
    const mirrorBefore = await refsOf(run.mirrorPath);

    await agentWrites(clonePath, "greeting.txt", "hello\n");
    expect(sandboxedAgentGit(clonePath, ["add", "greeting.txt"]).code).toBe(0);
    expect(sandboxedAgentGit(clonePath, ["commit", "--quiet", "-m", "Commit with the mirror read-only"]).code).toBe(0);
    const refspecs = ["HEAD:refs/heads/main", "+HEAD:refs/heads/release", `HEAD:${TASK_REF}`, "HEAD:refs/tags/agent"];
    for (const target of [upstream.path, run.mirrorPath]) {
      for (const refspec of refspecs) {
        expect(sandboxedAgentGit(clonePath, ["push", target, refspec]).code, `push ${target} ${refspec}`).not.toBe(0);
      }
    }
    expect(await refsOf(upstream.path)).toEqual(upstreamBefore);
    expect(await refsOf(run.mirrorPath)).toEqual(mirrorBefore);

    const headSha = await finishRun(run);
    expect(movedRefs(upstreamBefore, await refsOf(upstream.path))).toEqual([`${TASK_REF}: undefined -> ${headSha}`]);
  });

  it("rejects a task branch whose history the agent rewrote, and publishes nothing", async () => {
    await agentWritesAndPublishes("run-1");
    const run = await startRun("run-2");
    const upstreamBefore = await refsOf(upstream.path);
    const mirrorBefore = await refsOf(run.mirrorPath);

    await agentRuns(run.clone.path, [
      ["checkout", "--quiet", "--orphan", "unrelated"],
      ["commit", "--quiet", "-m", "Unrelated history"],
      ["branch", "--force", TASK, "unrelated"],
      ["checkout", "--quiet", TASK],
    ]);
    const rewriteRejected = { code: "history_rewritten", message: expect.stringMatching(/rewrote its history/) };
    await expect(collect(run)).rejects.toMatchObject(rewriteRejected);

    // Even a caller that skipped that check cannot publish it.
    const rewritten = await gitOk(run.clone.path, ["rev-parse", TASK_REF]);
    await expect(publish(run, rewritten)).rejects.toMatchObject({ code: "history_rewritten" });
    expect(await refsOf(upstream.path)).toEqual(upstreamBefore);
    expect(await refsOf(run.mirrorPath)).toEqual(mirrorBefore);

    // Nor when the mirror's branch is out of step, so that the fast-forward-only fetch cannot catch it:
    // the upstream still matches the lease, and only the ancestry check stops a forced push.
    await gitOk(run.mirrorPath, ["update-ref", "-d", TASK_REF]);
    const notContained = { code: "history_rewritten", message: expect.stringMatching(/does not contain/) };
    await expect(publish(run, rewritten)).rejects.toMatchObject(notContained);
    expect(await refsOf(upstream.path)).toEqual(upstreamBefore);
    expect(await gitOk(run.mirrorPath, ["for-each-ref", TASK_REF])).toBe("");
  });

  it("refuses to push over a task branch that someone else changed upstream meanwhile", async () => {
    const firstHead = await agentWritesAndPublishes("run-1");
    const run = await startRun("run-2");
    const theirs = await commitUpstream(upstream.path, TASK, firstHead);
    await agentWrites(run.clone.path, "second.txt", "2\n");
    const refused = { code: "push_rejected", message: expect.stringMatching(/changed since the run started/) };
    await expect(finishRun(run)).rejects.toMatchObject(refused);
    expect(await gitOk(upstream.path, ["rev-parse", TASK_REF])).toBe(theirs);
    expect(await gitOk(run.mirrorPath, ["rev-parse", TASK_REF])).toBe(firstHead);

    const newBranch = await startRun("run-3", "task/other");
    await commitUpstream(upstream.path, "task/other", upstream.mainSha);
    await agentWrites(newBranch.clone.path, "other.txt", "3\n");
    await expect(finishRun(newBranch)).rejects.toMatchObject(refused);
    expect(await gitOk(newBranch.mirrorPath, ["for-each-ref", "refs/heads/task/other"])).toBe("");
  });

  it("runs no hook or config the agent planted; refuses a git dir with links, redirected, or left off the task branch", async () => {
    const marker = path.join(root, "escaped");
    const hooked = await startRun("run-1");
    const script = path.join(hooked.clone.path, "escape.sh");
    await writeFile(script, `#!/bin/sh\ntouch ${marker}\n`, { mode: 0o755 });
    for (const hook of ["pre-commit", "post-commit", "reference-transaction", "post-index-change"]) {
      await writeFile(path.join(hooked.clone.path, ".git/hooks", hook), `#!/bin/sh\ntouch ${marker}\n`, { mode: 0o755 });
    }
    await symlink(script, path.join(hooked.clone.path, ".git/hooks/pre-push"));
    await agentRuns(hooked.clone.path, [
      ["config", "core.fsmonitor", script],
      ["config", "core.hooksPath", ".git/hooks"],
      ["config", "filter.evil.clean", script],
    ]);
    await agentWrites(hooked.clone.path, ".gitattributes", "* filter=evil\n");
    await finishRun(hooked);
    expect(await lstat(marker).catch(() => null)).toBeNull();

    const linked = await startRun("run-2");
    const outside = path.join(root, "outside.txt");
    await writeFile(outside, "untouched\n");
    await mkdir(path.join(linked.clone.path, ".git/logs"), { recursive: true });
    await rm(path.join(linked.clone.path, ".git/logs/HEAD"), { force: true });
    await symlink(outside, path.join(linked.clone.path, ".git/logs/HEAD"));
    await agentWrites(linked.clone.path, "greeting.txt", "hi\n");
    await expect(collect(linked)).rejects.toMatchObject({ code: "unsafe_clone" });
    expect(await readFile(outside, "utf8")).toBe("untouched\n");

    const redirected = await startRun("run-3");
    const mirrorBefore = await refsOf(redirected.mirrorPath);
    await writeFile(path.join(redirected.clone.path, ".git/commondir"), `${redirected.mirrorPath}\n`);
    await agentWrites(redirected.clone.path, "greeting.txt", "redirected\n");
    await expect(collect(redirected)).rejects.toMatchObject({ code: "unsafe_clone", message: expect.stringContaining("commondir") });
    expect(await refsOf(redirected.mirrorPath)).toEqual(mirrorBefore);

    const wandered = await startRun("run-4");
    await agentRuns(wandered.clone.path, [["checkout", "--quiet", "main"]]);
    await agentWrites(wandered.clone.path, "greeting.txt", "on main\n");
    const offBranch = { code: "off_task_branch", message: expect.stringContaining('on "main"') };
    await expect(collect(wandered)).rejects.toMatchObject(offBranch);
  });

  it("keeps one consistent mirror when many runs ensure it at once", async () => {
    const first = await Promise.all(Array.from({ length: 6 }, () => mirror()));
    const mirrorPath = first[0]!.mirrorPath;
    expect(new Set(first.map((result) => result.mirrorPath))).toEqual(new Set([mirrorPath]));
    expect(await refsOf(mirrorPath)).toEqual(await refsOf(upstream.path));

    const newMain = await commitUpstream(upstream.path, "main", upstream.mainSha);
    await gitOk(upstream.path, ["update-ref", "-d", "refs/heads/release"]);
    const workspaceRoot = path.join(root, "workspaces");
    const [, , clone] = await Promise.all([
      mirror(),
      mirror(),
      prepareClone({ mirrorPath, workspaceRoot, runId: "run-1", baseBranch: "main", taskBranch: TASK }),
      mirror(),
    ]);
    expect(await refsOf(mirrorPath)).toEqual(await refsOf(upstream.path));
    expect([upstream.mainSha, newMain]).toContain(clone.startSha);
    expect(await readdir(path.dirname(mirrorPath))).toEqual(["repo-1.git"]);
  });
});
