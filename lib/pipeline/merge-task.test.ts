// The guarded merge against real git upstreams: the guard matrix, exactly once under 100 concurrent
// requests, a base that moves, conflicts, each method's result upstream, a non-bare upstream.
import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "../db/client.ts";
import { taskDiffFiles } from "../review/diff/task-diff.ts";
import { env } from "../env.mjs";
import { ensureMirror } from "../git/ensure-mirror.ts";
import { createTestActor, createTestRepository, createTestTask } from "../testing/factories.ts";
import { createUpstreamWithBranch } from "../testing/git-fixtures.ts";
import { rejection } from "../testing/rejection.ts";
import { buildMerge } from "../merge/build-merge.ts";
import { mergeTask } from "./merge-task.ts";
import { pushBase } from "../merge/push-base.ts";
import { mergeStatus } from "../merge/merge-status.ts";

const upstreams: Array<{ remove(): Promise<void> }> = [];
afterAll(async () => {
  await Promise.all(upstreams.map((upstream) => upstream.remove()));
});

type ChecksState = "success" | "failure" | "pending" | "stale";
type ApprovalsState = "none" | "stale" | "own" | "eligible";

async function mergeableTask(options: { checks?: ChecksState; approvals?: ApprovalsState; repository?: Record<string, unknown>; branchFiles?: Record<string, string>; baseFiles?: Record<string, string> } = {}) {
  const branch = `feature/merge-${Math.random().toString(36).slice(2, 8)}`;
  const upstream = await createUpstreamWithBranch({
    base: options.baseFiles ?? { "README.md": "hello\n", "src/value.txt": "1\n" },
    branch: { name: branch, files: options.branchFiles ?? { "src/value.txt": "2\n", "src/new.txt": "new\n" } },
  });
  upstreams.push(upstream);
  const author = await createTestActor("maintainer");
  const repository = await createTestRepository({
    upstream: upstream.path,
    checks: { create: [{ name: "test", command: "true", required: true }] },
    ...options.repository,
  });
  const task = await createTestTask(repository, author, {
    branch,
    headSha: upstream.headSha,
    baseSha: upstream.baseSha,
    status: "ready_for_review",
    acceptanceCriteria: [{ text: "Lint is clean", check: "lint" }],
  });
  const head = upstream.headSha!;
  const checksOn = async (sha: string, conclusion: "success" | "failure" | null) => {
    for (const name of ["test", "lint"]) {
      await prisma.checkRun.create({
        data: { taskId: task.id, headSha: sha, name, required: true, ...(conclusion ? { status: "completed", conclusion } : { status: "running" }) },
      });
    }
  };
  const checks = options.checks ?? "success";
  if (checks === "stale") await checksOn("0".repeat(40), "success");
  else await checksOn(head, checks === "pending" ? null : checks);
  const approvals = options.approvals ?? "eligible";
  const reviewer = await createTestActor("maintainer");
  if (approvals === "stale") await prisma.review.create({ data: { taskId: task.id, authorId: reviewer.id, headSha: "0".repeat(40), decision: "approve", body: "" } });
  if (approvals === "own") await prisma.review.create({ data: { taskId: task.id, authorId: author.id, headSha: head, decision: "approve", body: "" } });
  if (approvals === "eligible") await prisma.review.create({ data: { taskId: task.id, authorId: reviewer.id, headSha: head, decision: "approve", body: "LGTM" } });
  return { upstream, repository, task, head, author, reviewer };
}

const unmetKeys = async (promise: Promise<unknown>) => {
  const error = (await rejection(promise)) as { status: number; toBody(): { error: { conditions?: Array<{ key: string; state: string }> } } };
  return { status: error.status, unmet: (error.toBody().error.conditions ?? []).filter((condition) => condition.state !== "met").map((condition) => condition.key).sort() };
};

describe("the guard matrix", () => {
  const checkStates: ChecksState[] = ["success", "failure", "pending", "stale"];
  const approvalStates: ApprovalsState[] = ["none", "stale", "own", "eligible"];
  for (const checks of checkStates) {
    for (const approvals of approvalStates) {
      it(`checks ${checks} × approvals ${approvals}: operators are refused, a moved head is 409, and only green + eligible merges`, async () => {
        const { task, head, upstream } = await mergeableTask({ checks, approvals });
        const operator = await createTestActor("operator");
        const maintainer = await createTestActor("maintainer");
        const baseBefore = await upstream.git(["rev-parse", "refs/heads/main"]);

        expect(((await rejection(mergeTask(operator, task.id, { headSha: head, method: "merge" }))) as { status: number }).status).toBe(403);
        const moved = await unmetKeys(mergeTask(maintainer, task.id, { headSha: "f".repeat(40), method: "merge" }));
        expect(moved.status).toBe(409);
        expect(moved.unmet).toContain("head");

        const expectedUnmet = [
          ...(approvals === "eligible" ? [] : ["approvals"]),
          ...(checks === "success" ? [] : ["checks"]),
        ].sort();
        if (expectedUnmet.length > 0) {
          expect(await unmetKeys(mergeTask(maintainer, task.id, { headSha: head, method: "merge" }))).toEqual({ status: 422, unmet: expectedUnmet });
          expect(await upstream.git(["rev-parse", "refs/heads/main"])).toBe(baseBefore);
          expect((await prisma.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe("ready_for_review");
        } else {
          const { merge } = await mergeTask(maintainer, task.id, { headSha: head, method: "merge" });
          expect(await upstream.git(["rev-parse", "refs/heads/main"])).toBe(merge.mergeSha);
          expect((await prisma.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe("merged");
        }
      }, 30_000);
    }
  }

  it("counts no approval while changes are requested on the head, and a self-approval when the repository allows it", async () => {
    const maintainer = await createTestActor("maintainer");
    const requested = await mergeableTask();
    await prisma.review.create({ data: { taskId: requested.task.id, authorId: maintainer.id, headSha: requested.head, decision: "request_changes", body: "No" } });
    expect(await unmetKeys(mergeTask(maintainer, requested.task.id, { headSha: requested.head }))).toEqual({ status: 422, unmet: ["no_changes_requested"] });

    const own = await mergeableTask({ approvals: "own", repository: { allowSelfApproval: true } });
    const { merge } = await mergeTask(own.author, own.task.id, { headSha: own.head, method: "squash" });
    expect(merge.method).toBe("squash");
  }, 30_000);
});

describe("merging", () => {
  it("merges exactly once under 100 concurrent requests; the rest answer already merged", async () => {
    const { task, head, upstream } = await mergeableTask();
    const maintainer = await createTestActor("maintainer");
    const results = await Promise.allSettled(Array.from({ length: 100 }, () => mergeTask(maintainer, task.id, { headSha: head, method: "merge" })));
    const merged = results.filter((result) => result.status === "fulfilled");
    expect(merged).toHaveLength(1);
    const messages = new Set(results.flatMap((result) => (result.status === "rejected" ? [(result.reason as Error).message] : [])));
    expect([...messages]).toEqual(["already merged"]);
    expect(await prisma.merge.count({ where: { taskId: task.id } })).toBe(1);
    const mergeSha = await upstream.git(["rev-parse", "refs/heads/main"]);
    expect(await upstream.git(["rev-list", "--count", "--merges", mergeSha])).toBe("1");
  }, 60_000);

  it("leaves each method's result in the upstream, records the merge and deletes the branch", async () => {
    const maintainer = await createTestActor("maintainer");
    for (const method of ["merge", "squash", "rebase"] as const) {
      const { task, head, upstream } = await mergeableTask();
      await upstream.commitTo("main", { "README.md": "hello, moved base\n" }, "Base moved");
      const { merge } = await mergeTask(maintainer, task.id, { headSha: head, method });
      const mainSha = await upstream.git(["rev-parse", "refs/heads/main"]);
      expect(mainSha).toBe(merge.mergeSha);
      expect(await upstream.git(["show", `${mainSha}:src/value.txt`])).toBe("2");
      expect(await upstream.git(["show", `${mainSha}:README.md`])).toBe("hello, moved base");
      const parents = (await upstream.git(["rev-list", "--parents", "-n", "1", mainSha])).split(" ").slice(1);
      if (method === "merge") expect(parents).toEqual([merge.baseSha, head]);
      if (method === "squash") expect(parents).toEqual([merge.baseSha]);
      if (method === "rebase") {
        expect(parents).toEqual([merge.baseSha]);
        expect(await upstream.git(["log", "-1", "--format=%s", mainSha])).toBe("Branch change");
      }
      expect(await upstream.git(["for-each-ref", "--format=%(refname)", "refs/heads/feature/"])).toBe("");
      const recorded = await prisma.merge.findUniqueOrThrow({ where: { taskId: task.id } });
      expect(recorded).toMatchObject({ method, headSha: head, mergeSha: mainSha, actorId: maintainer.id });
      expect(await prisma.auditEvent.count({ where: { action: "task.merged", targetId: task.id } })).toBe(1);
      // The merged task keeps its diff: the range it was merged from, not the base that now contains it.
      const diff = await taskDiffFiles(maintainer, task.id);
      expect(diff.files.map((file) => file.path)).toEqual(["src/new.txt", "src/value.txt"]);
    }
  }, 60_000);

  it("refuses a branch that conflicts with the base, naming the file", async () => {
    const { task, head, upstream } = await mergeableTask();
    await upstream.commitTo("main", { "src/value.txt": "3\n" }, "Conflicting base change");
    const maintainer = await createTestActor("maintainer");
    const error = (await rejection(mergeTask(maintainer, task.id, { headSha: head }))) as { status: number; message: string };
    expect(error.status).toBe(422);
    expect(error.message).toMatch(/Conflicts in src\/value\.txt/);
  }, 30_000);

  it("refuses a base that is not in the branch when the repository requires it up to date", async () => {
    const { task, head, upstream } = await mergeableTask({ repository: { requireUpToDate: true } });
    await upstream.commitTo("main", { "other.txt": "x\n" }, "Base moved");
    expect(await unmetKeys(mergeTask(await createTestActor("maintainer"), task.id, { headSha: head }))).toEqual({ status: 422, unmet: ["up_to_date"] });
  }, 30_000);

  it("never overwrites a base that moved after the merge was built", async () => {
    const { repository, head, upstream } = await mergeableTask();
    const { mirrorPath } = await ensureMirror({ dataDir: env.DATA_DIR, repositoryId: repository.id, upstream: upstream.path });
    const mergeSha = await buildMerge({ mirrorPath, baseSha: upstream.baseSha, headSha: head, method: "merge", message: "m", author: { name: "A", email: "a@example.test" } });
    const moved = await upstream.commitTo("main", { "late.txt": "late\n" }, "Landed meanwhile");
    const error = await rejection(pushBase({ mirrorPath, upstream: upstream.path, baseBranch: "main", baseSha: upstream.baseSha, mergeSha }));
    expect((error as Error).message).toMatch(/moved while merging; nothing was merged/);
    expect(await upstream.git(["rev-parse", "refs/heads/main"])).toBe(moved);
  }, 30_000);

  it("explains how to fix an upstream that refuses the push because its base is checked out", async () => {
    const { task, head, upstream } = await mergeableTask();
    const work = upstream.path.replace(/upstream\.git$/, "work");
    await prisma.repository.update({ where: { id: (await prisma.task.findUniqueOrThrow({ where: { id: task.id } })).repositoryId }, data: { upstream: work } });
    const { execFileSync } = await import("node:child_process");
    execFileSync("git", ["-C", work, "checkout", "--quiet", "main"]); // the work repository holds both branches; its main is checked out
    const error = (await rejection(mergeTask(await createTestActor("maintainer"), task.id, { headSha: head }))) as Error;
    expect(error.message).toMatch(/checked out in it \(a non-bare repository\).*git clone --bare.*receive\.denyCurrentBranch updateInstead/);
    expect(execFileSync("git", ["-C", work, "rev-parse", "main"], { encoding: "utf8" }).trim()).toBe(upstream.baseSha);
  }, 30_000);
});

describe("the merge conditions for a page's first paint", () => {
  it("lists the same conditions, the conflict check pending until it is known, then its answer without asking git again", async () => {
    const { task, repository, upstream } = await mergeableTask();
    await ensureMirror({ dataDir: env.DATA_DIR, repositoryId: repository.id, upstream: upstream.path });
    const viewer = await createTestActor("maintainer");

    const firstPaint = await mergeStatus(viewer, task.id, { skipConflictCheck: true });
    expect(firstPaint.conditions.find((condition) => condition.key === "mergeable")).toMatchObject({ state: "pending", detail: "Checking for conflicts…" });
    expect(firstPaint.mergeable).toBe(false);

    const full = await mergeStatus(viewer, task.id);
    expect(full.conditions.map((condition) => [condition.key, condition.label])).toEqual(firstPaint.conditions.map((condition) => [condition.key, condition.label]));
    expect(full.conditions.find((condition) => condition.key === "mergeable")?.state).toBe("met");
    expect(await mergeStatus(viewer, task.id, { skipConflictCheck: true })).toEqual(full);
  });
});
