// A GitHub repository merges through its pull request: GitHub's branch protection joins the checklist,
// the pull request is opened when missing, and pulls.merge carries the head SHA as its guard.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { prisma } from "../db/client.ts";
import { createTestActor, createTestRepository, createTestTask } from "../testing/factories.ts";
import { createUpstreamWithBranch } from "../testing/git-fixtures.ts";
import { type FixturesServer, startFixturesServer } from "../testing/github-fixtures-server.ts";
import { rejection } from "../testing/rejection.ts";
import { mergeTask } from "../pipeline/merge-task.ts";

const TOKEN = "0000000000000000000000000000000000000001";
const REPO = "/repos/octokit-fixture-org/merge-world";
const REQ = { accept: "application/vnd.github.v3+json", authorization: `token ${TOKEN}` };
const HEADERS = { "content-type": "application/json; charset=utf-8", "x-ratelimit-remaining": "4999" };
let server: FixturesServer;
let fixturesDir: string;
let upstream: Awaited<ReturnType<typeof createUpstreamWithBranch>>;

const fixture = (method: string, urlPath: string, status: number, response: unknown, body?: unknown) => ({
  scope: "https://api.github.com:443",
  method,
  path: urlPath,
  status,
  response,
  reqheaders: body === undefined ? REQ : { ...REQ, "content-type": "application/json; charset=utf-8" },
  headers: HEADERS,
  ...(body === undefined ? {} : { body }),
});

beforeAll(async () => {
  upstream = await createUpstreamWithBranch({ base: { "a.txt": "a\n" }, branch: { name: "feature/gh-merge", files: { "a.txt": "b\n" } } });
  const head = upstream.headSha!;
  const pull = { number: 7, node_id: "PR_7", draft: true, state: "open", mergeable: true, head: { sha: head, ref: "feature/gh-merge" }, base: { ref: "main" } };
  fixturesDir = mkdtempSync(path.join(process.cwd(), ".fixtures-"));
  writeFileSync(path.join(fixturesDir, "merge-protected.json"), JSON.stringify([
    fixture("get", `${REPO}/branches/main/protection`, 200, { required_status_checks: { strict: false, contexts: ["ci / build"], checks: [{ context: "ci / build", app_id: null }] }, required_pull_request_reviews: { required_approving_review_count: 1 } }),
    fixture("get", `${REPO}/rules/branches/main`, 200, []),
    fixture("get", `${REPO}/compare/main...${head}`, 200, { status: "ahead", ahead_by: 1, behind_by: 0, total_commits: 1, commits: [], files: [] }),
  ]));
  writeFileSync(path.join(fixturesDir, "merge-through-pull-request.json"), JSON.stringify([
    fixture("get", `${REPO}/branches/main/protection`, 404, { message: "Branch not protected" }),
    fixture("get", `${REPO}/rules/branches/main`, 200, []),
    fixture("get", `${REPO}/compare/main...${head}`, 200, { status: "ahead", ahead_by: 1, behind_by: 0, total_commits: 1, commits: [], files: [] }),
    fixture("post", `${REPO}/pulls`, 201, pull, { head: "feature/gh-merge", base: "main", title: "Merge me", body: "Do the thing.", draft: false }),
    fixture("get", `${REPO}/pulls/7`, 200, pull),
    fixture("post", "/graphql", 200, { data: { markPullRequestReadyForReview: { clientMutationId: null } } }, { query: "mutation($id: ID!) { markPullRequestReadyForReview(input: { pullRequestId: $id }) { clientMutationId } }", variables: { id: "PR_7" } }),
    fixture("put", `${REPO}/pulls/7/merge`, 200, { sha: "f".repeat(40), merged: true, message: "Pull Request successfully merged" }, { sha: head, merge_method: "squash", commit_title: "Merge me" }),
  ]));
  writeFileSync(path.join(fixturesDir, "merge-pull-blocked.json"), JSON.stringify([
    fixture("get", `${REPO}/branches/main/protection`, 404, { message: "Branch not protected" }),
    fixture("get", `${REPO}/rules/branches/main`, 200, [{ type: "pull_request", parameters: { required_approving_review_count: 1 } }]),
    fixture("get", `${REPO}/pulls/7`, 200, { ...pull, draft: false, mergeable: false }),
    fixture("get", `${REPO}/pulls/7/reviews?per_page=100`, 200, [{ id: 1, user: { login: "alice" }, state: "APPROVED" }]),
    fixture("get", `${REPO}/compare/main...${head}`, 200, { status: "diverged", ahead_by: 1, behind_by: 2, total_commits: 1, commits: [], files: [] }),
  ]));
  server = await startFixturesServer(fixturesDir);
}, 30_000);

afterAll(async () => {
  await server.stop();
  rmSync(fixturesDir, { recursive: true, force: true });
  await upstream.remove();
});

async function githubTask(scenario: string, overrides: { pullRequestNumber?: number; requireUpToDate?: boolean } = {}) {
  const repository = await createTestRepository({
    upstream: upstream.path,
    githubOwner: "octokit-fixture-org",
    githubRepo: "merge-world",
    githubToken: TOKEN,
    githubApiUrl: await server.load(scenario),
    deleteBranchOnMerge: false,
    requireUpToDate: overrides.requireUpToDate ?? false,
  });
  const task = await createTestTask(repository, await createTestActor("operator"), { name: "Merge me", goal: "Do the thing.", branch: "feature/gh-merge", headSha: upstream.headSha, status: "ready_for_review", pullRequestNumber: overrides.pullRequestNumber ?? null });
  const reviewer = await createTestActor("maintainer");
  await prisma.review.create({ data: { taskId: task.id, authorId: reviewer.id, headSha: upstream.headSha!, decision: "approve", body: "" } });
  return { task, reviewer };
}

it("adds the base's GitHub protection to the required checks", async () => {
  const { task, reviewer } = await githubTask("merge-protected");
  const error = (await rejection(mergeTask(reviewer, task.id, { headSha: upstream.headSha, method: "merge" }))) as { status: number; message: string };
  expect(error.status).toBe(422);
  expect(error.message).toMatch(/Required checks passed on the head \(ci \/ build\) — Waiting for: ci \/ build/);
  expect(error.message).toMatch(/GitHub's protection: 1 approving review on the pull request — No pull request yet/);
}, 30_000);

it("opens the pull request, marks the draft ready and merges it with the head as the guard", async () => {
  const { task, reviewer } = await githubTask("merge-through-pull-request");
  const { merge } = await mergeTask(reviewer, task.id, { headSha: upstream.headSha, method: "squash" });
  expect(merge).toMatchObject({ method: "squash", headSha: upstream.headSha, mergeSha: "f".repeat(40) });
  expect(await prisma.task.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ status: "merged", pullRequestNumber: 7 });
}, 30_000);

it("shows GitHub's own view: a pull request it cannot merge, and a head behind the base", async () => {
  const { task, reviewer } = await githubTask("merge-pull-blocked", { pullRequestNumber: 7, requireUpToDate: true });
  const error = (await rejection(mergeTask(reviewer, task.id, { headSha: upstream.headSha, method: "merge" }))) as { status: number; toBody(): { error: { conditions?: Array<{ key: string; state: string }> } } };
  expect(error.status).toBe(422);
  const unmet = (error.toBody().error.conditions ?? []).filter((condition) => condition.state !== "met").map((condition) => condition.key);
  expect(unmet.sort()).toEqual(["github_mergeable", "up_to_date"]); // its one required review is there: alice approved
  expect((error.toBody().error.conditions ?? []).find((condition) => condition.key === "github_reviews")).toMatchObject({ state: "met" });
}, 30_000);
