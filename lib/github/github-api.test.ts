// The Octokit code against @octokit/fixtures-server: GitHub's recorded scenarios (create-status,
// branch-protection, errors, git-refs) and the ones recorded here in the same format (check runs and
// statuses, pull requests created, mergeable null/true/false, merged 200/405/409, compare).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { prisma } from "../db/client.ts";
import { createTestActor, createTestRepository, createTestTask } from "../testing/factories.ts";
import { type FixturesServer, startFixturesServer } from "../testing/github-fixtures-server.ts";
import { rejection } from "../testing/rejection.ts";
import { classicProtection, rulesetRules } from "./branch-protection.ts";
import { githubClient, githubError, type ConnectedRepository } from "./client.ts";
import { createCommitStatus } from "./commit-status.ts";
import { approvingReviewers, compareWithBase, ensurePullRequest, mergePullRequest, pullRequestMergeable } from "./pull-requests.ts";
import { rateLimited, resetRateLimitForTests } from "./rate-limit.ts";
import { syncGithubChecks } from "../pipeline/sync-github-checks.ts";

const TOKEN = "0000000000000000000000000000000000000001";
const SHA = "0000000000000000000000000000000000000002";
let server: FixturesServer;

beforeAll(async () => {
  server = await startFixturesServer();
}, 30_000);
afterAll(async () => {
  await server.stop();
});
beforeEach(() => resetRateLimitForTests());

async function connected(scenario: string, repo = "hello-world"): Promise<ConnectedRepository & { baseBranch: string }> {
  const url = await server.load(scenario);
  return { githubOwner: "octokit-fixture-org", githubRepo: repo, githubToken: TOKEN, githubApiUrl: url, baseBranch: "main" };
}

describe("GitHub's recorded scenarios", () => {
  it("create-status: reports a commit status", async () => {
    const repository = await connected("create-status", "create-status");
    const id = await createCommitStatus(repository, "0000000000000000000000000000000000000001", { state: "failure", targetUrl: "https://example.com", description: "create-status failure test", context: "example/1" });
    expect(id).toBe(1000);
  });

  it("branch-protection: a base without protection requires nothing", async () => {
    const repository = await connected("branch-protection", "branch-protection");
    expect(await classicProtection(repository, "main")).toEqual({ requiredChecks: [], requiredApprovals: 0 });
  });

  it("errors: GitHub's validation errors become one clear message", async () => {
    const repository = await connected("errors", "errors");
    const error = await githubClient(repository).rest.issues.createLabel({ owner: "octokit-fixture-org", repo: "errors", name: "foo", color: "invalid" }).then(
      () => null,
      (failure: unknown) => githubError(failure, "create a label"),
    );
    expect(error).toMatchObject({ status: 422 });
    expect(error!.message).toMatch(/^GitHub could not create a label: Validation Failed; .*color/);
  });

  it("git-refs: the refs API round trip the recorded order expects", async () => {
    const repository = await connected("git-refs", "git-refs");
    const octokit = githubClient(repository);
    const owner = "octokit-fixture-org";
    const repo = "git-refs";
    // Recorded with a trailing slash, which Octokit drops from any URL: this one call goes out as recorded.
    const listRefs = () => fetch(`${repository.githubApiUrl}/repos/${owner}/${repo}/git/refs/`, { headers: { accept: "application/vnd.github.v3+json", authorization: `token ${TOKEN}` } });
    const refs = (await (await listRefs()).json()) as Array<{ ref: string; object: { sha: string } }>;
    expect(refs.map((ref) => ref.ref)).toEqual(["refs/heads/main"]);
    expect(refs[0]!.object.sha).toBe("0000000000000000000000000000000000000001");
    const created = await octokit.rest.git.createRef({ owner, repo, ref: "refs/heads/test", sha: "0000000000000000000000000000000000000002" });
    expect(created.status).toBe(201);
    // Octokit encodes the "/" of "heads/test" (GitHub takes both); the recording has it plain.
    const updated = await octokit.request("PATCH /repos/{owner}/{repo}/git/refs/heads/{branch}", { owner, repo, branch: "test", sha: "0000000000000000000000000000000000000001" });
    expect(updated.data.object.sha).toBe("0000000000000000000000000000000000000001");
    expect(((await (await listRefs()).json()) as unknown[]).length).toBe(2);
    expect((await octokit.request("DELETE /repos/{owner}/{repo}/git/refs/heads/{branch}", { owner, repo, branch: "test" })).status).toBe(204);
  });
});

describe("recorded here", () => {
  it("syncs check runs and statuses of the head, skipping the statuses it reports itself", async () => {
    const url = await server.load("checks-for-ref");
    const repository = await createTestRepository({ githubOwner: "octokit-fixture-org", githubRepo: "hello-world", githubToken: TOKEN, githubApiUrl: url });
    const task = await createTestTask(repository, await createTestActor("operator"), { headSha: SHA, acceptanceCriteria: [{ text: "CI", check: "ci / test" }] });
    expect(await syncGithubChecks(task.id)).toBe(true);
    const rows = await prisma.checkRun.findMany({ where: { taskId: task.id }, orderBy: { name: "asc" } });
    // The fixtures server rewrites every URL in its answers to point at itself: undo that for reading.
    const original = (link: string | null) => link?.replace(/^http:\/\/127\.0\.0\.1:\d+\/([^/]+)\/[a-z0-9]+\//, "https://$1/") ?? null;
    expect(rows.map(({ name, source, status, conclusion, required, url: link }) => ({ name, source, status, conclusion, required, url: original(link) }))).toEqual([
      { name: "ci / lint", source: "github", status: "running", conclusion: null, required: false, url: "https://github.com/octokit-fixture-org/hello-world/runs/4002" },
      { name: "ci / test", source: "github", status: "completed", conclusion: "success", required: true, url: "https://github.com/octokit-fixture-org/hello-world/runs/4001" },
      { name: "ci / test (status)", source: "github", status: "completed", conclusion: "success", required: false, url: "https://example.com/legacy" },
      { name: "deploy/preview", source: "github", status: "completed", conclusion: "failure", required: false, url: "https://example.com/preview" },
    ]);
  });

  it("a required GitHub check that fails after the local ones passed turns the task to checks failed", async () => {
    const url = await server.load("checks-for-ref");
    const repository = await createTestRepository({ githubOwner: "octokit-fixture-org", githubRepo: "hello-world", githubToken: TOKEN, githubApiUrl: url });
    const task = await createTestTask(repository, await createTestActor("operator"), { headSha: SHA, status: "ready_for_review", acceptanceCriteria: [{ text: "Preview deploys", check: "deploy/preview" }] });
    await prisma.checkRun.create({ data: { taskId: task.id, headSha: SHA, name: "test", required: true, status: "completed", conclusion: "success" } });
    expect(await syncGithubChecks(task.id)).toBe(true);
    expect((await prisma.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe("checks_failed");
  });

  it("stops calling GitHub until the reset once the rate limit is spent", async () => {
    const url = await server.load("checks-for-ref-rate-limited");
    const repository = await createTestRepository({ githubOwner: "octokit-fixture-org", githubRepo: "hello-world", githubToken: TOKEN, githubApiUrl: url });
    const task = await createTestTask(repository, await createTestActor("operator"), { headSha: SHA });
    const error = (await rejection(syncGithubChecks(task.id))) as Error;
    expect(error.message).toMatch(/\(permissions or rate limit\): API rate limit exceeded/);
    expect(rateLimited()).toEqual({ limited: true, resumeAt: new Date(4102444800 * 1000) });
    expect(((await rejection(syncGithubChecks(task.id))) as Error).message).toMatch(/rate limit is spent until 2100-01-01/);
  });

  it("opens a draft pull request, or finds the one already open for the branch", async () => {
    const task = await createTestTask(await createTestRepository(), await createTestActor("operator"), { name: "Add multiply", goal: "Add multiply(a, b).", branch: "feature/multiply" });
    const created = await ensurePullRequest(task, { ...(await connected("pull-request-create")), openDraftPullRequest: true }, true);
    expect(created).toBe(7);
    expect((await prisma.task.findUniqueOrThrow({ where: { id: task.id } })).pullRequestNumber).toBe(7);
    const other = await createTestTask(await createTestRepository(), await createTestActor("operator"), { name: "Add multiply", goal: "Add multiply(a, b).", branch: "feature/multiply" });
    expect(await ensurePullRequest(other, { ...(await connected("pull-request-create-existing")), openDraftPullRequest: true }, true)).toBe(9);
  });

  it("reads mergeable as null (still computing), true and false", async () => {
    const repository = await connected("pull-request-mergeable");
    const states = [];
    for (let i = 0; i < 3; i++) states.push((await pullRequestMergeable(repository, 7)).mergeable);
    expect(states).toEqual([null, true, false]);
  });

  it("merges with the sha guard, and turns 405 and 409 into clear refusals", async () => {
    expect(await mergePullRequest(await connected("pull-request-merge"), 7, { sha: SHA, method: "squash", title: "Add multiply" })).toBe("0000000000000000000000000000000000000004");
    const notMergeable = (await rejection(mergePullRequest(await connected("pull-request-merge-405"), 7, { sha: SHA, method: "merge", title: "Add multiply" }))) as { status: number; message: string };
    expect(notMergeable).toMatchObject({ status: 422, message: expect.stringMatching(/GitHub will not merge pull request #7: Pull Request is not mergeable/) });
    const moved = (await rejection(mergePullRequest(await connected("pull-request-merge-409"), 7, { sha: SHA, method: "rebase", title: "Add multiply" }))) as { status: number; message: string };
    expect(moved).toMatchObject({ status: 409, message: expect.stringMatching(/^head moved/) });
  });

  it("reads the rulesets of the base: required checks and approving reviews", async () => {
    expect(await rulesetRules(await connected("branch-rules"), "main")).toEqual({ requiredChecks: ["ci / test"], requiredApprovals: 2 });
  });

  it("counts the reviewers whose latest review approves", async () => {
    expect(await approvingReviewers(await connected("pull-request-reviews"), 7)).toEqual(["alice"]);
  });

  it("compares the head with the base", async () => {
    expect(await compareWithBase(await connected("compare"), SHA)).toEqual({ aheadBy: 2, behindBy: 1, status: "diverged" });
  });
});
