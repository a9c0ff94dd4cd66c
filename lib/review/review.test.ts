// Line comments and reviews on real git heads: validation, eligibility, stale approvals, outdated
// comments, and the feedback run a request for changes queues.
import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "../db/client.ts";
import { createTestActor, createTestRepository, createTestTask } from "../testing/factories.ts";
import { createUpstreamWithBranch } from "../testing/git-fixtures.ts";
import { rejection } from "../testing/rejection.ts";
import { createComment } from "./create-comment.ts";
import { taskReviews } from "./queries.ts";
import { replyToComment } from "./reply-to-comment.ts";
import { resolveComment } from "./resolve-comment.ts";
import { submitReview } from "../pipeline/submit-review.ts";

const upstreams: Array<{ remove(): Promise<void> }> = [];
afterAll(async () => {
  await Promise.all(upstreams.map((upstream) => upstream.remove()));
});

const lines = (count: number, label: string) => Array.from({ length: count }, (_, i) => `${label} ${i + 1}`).join("\n") + "\n";

async function reviewableTask(repository: Record<string, unknown> = {}) {
  const branch = `feature/review-${Math.random().toString(36).slice(2, 8)}`;
  const upstream = await createUpstreamWithBranch({ base: { "src/app.ts": lines(20, "line") }, branch: { name: branch, files: { "src/app.ts": lines(20, "line").replace("line 10\n", "line ten\n") } } });
  upstreams.push(upstream);
  const author = await createTestActor("operator");
  const repo = await createTestRepository({ upstream: upstream.path, ...repository });
  const task = await createTestTask(repo, author, { branch, headSha: upstream.headSha, baseSha: upstream.baseSha, status: "ready_for_review" });
  return { upstream, task, author, head: upstream.headSha!, branch };
}

describe("comments", () => {
  it("are made on a line of the current head's diff; bad lines, paths, heads and roles change nothing", async () => {
    const { task, head } = await reviewableTask();
    const operator = await createTestActor("operator");
    const comment = await createComment(operator, task.id, { path: "src/app.ts", line: 10, side: "new", headSha: head, body: "Why spell it out?" });
    expect(comment).toMatchObject({ path: "src/app.ts", line: 10, side: "new", headSha: head });

    const refused = async (input: Record<string, unknown>, actor = operator) => (await rejection(createComment(actor, task.id, { path: "src/app.ts", line: 10, side: "new", headSha: head, body: "x", ...input }))) as { status: number; message: string; fields?: Record<string, string> };
    expect((await refused({ line: 21 })).fields).toHaveProperty("line");
    expect((await refused({ path: "src/missing.ts" })).fields).toHaveProperty("path");
    expect((await refused({ headSha: "a".repeat(40) })).message).toMatch(/^The head moved/);
    expect((await refused({ side: "left" })).status).toBe(422);
    expect((await refused({ body: "   " })).fields).toHaveProperty("body");
    expect((await refused({}, await createTestActor("viewer"))).status).toBe(403);
    expect(await prisma.reviewComment.count({ where: { taskId: task.id } })).toBe(1);
  }, 30_000);

  it("follow their line to a new head, or show as outdated where the line itself changed", async () => {
    const { task, head, upstream, branch } = await reviewableTask();
    const operator = await createTestActor("operator");
    await createComment(operator, task.id, { path: "src/app.ts", line: 15, side: "new", headSha: head, body: "moves" });
    await createComment(operator, task.id, { path: "src/app.ts", line: 10, side: "new", headSha: head, body: "changes" });
    const content = "inserted 1\ninserted 2\n" + lines(20, "line").replace("line 10\n", "line TEN\n");
    const next = await upstream.commitTo(branch, { "src/app.ts": content });
    await prisma.task.update({ where: { id: task.id }, data: { headSha: next } });
    const { comments } = await taskReviews(operator, task.id);
    expect(comments.map(({ body, line, currentLine, outdated }) => ({ body, line, currentLine, outdated }))).toEqual([
      { body: "changes", line: 10, currentLine: null, outdated: true },
      { body: "moves", line: 15, currentLine: 17, outdated: false },
    ]);
  }, 30_000);
});

describe("reviews", () => {
  it("take approvals only from maintainers other than the author, unless the repository allows self-approval", async () => {
    const { task, head } = await reviewableTask();
    expect(((await rejection(submitReview(await createTestActor("operator"), task.id, { decision: "approve", headSha: head }))) as { status: number }).status).toBe(403);
    const maintainerAuthor = await createTestActor("maintainer");
    await prisma.task.update({ where: { id: task.id }, data: { authorId: maintainerAuthor.id } });
    const own = (await rejection(submitReview(maintainerAuthor, task.id, { decision: "approve", headSha: head }))) as { status: number; message: string };
    expect(own.status).toBe(403);
    expect(own.message).toMatch(/does not allow approving your own tasks/);
    const { review } = await submitReview(await createTestActor("maintainer"), task.id, { decision: "approve", headSha: head, body: "LGTM" });
    expect(review).toMatchObject({ decision: "approve", headSha: head });

    const selfApproving = await reviewableTask({ allowSelfApproval: true });
    const author = await createTestActor("maintainer");
    await prisma.task.update({ where: { id: selfApproving.task.id }, data: { authorId: author.id } });
    await expect(submitReview(author, selfApproving.task.id, { decision: "approve", headSha: selfApproving.head })).resolves.toBeTruthy();
  }, 30_000);

  it("on an older head are refused, and earlier approvals show as stale", async () => {
    const { task, head, upstream, branch } = await reviewableTask();
    const maintainer = await createTestActor("maintainer");
    await submitReview(maintainer, task.id, { decision: "approve", headSha: head });
    const next = await upstream.commitTo(branch, { "src/other.ts": "x\n" });
    await prisma.task.update({ where: { id: task.id }, data: { headSha: next } });
    expect(((await rejection(submitReview(maintainer, task.id, { decision: "approve", headSha: head }))) as { status: number }).status).toBe(409);
    const { reviews } = await taskReviews(maintainer, task.id);
    expect(reviews).toMatchObject([{ decision: "approve", headSha: head, stale: true }]);
  }, 30_000);

  it("requesting changes queues the next run with the summary and every open comment with its code", async () => {
    const { task, head } = await reviewableTask();
    const operator = await createTestActor("operator");
    await createComment(operator, task.id, { path: "src/app.ts", line: 10, side: "new", headSha: head, body: "Use a digit here." });
    const done = await createComment(operator, task.id, { path: "src/app.ts", line: 3, side: "new", headSha: head, body: "Already handled." });
    expect(((await rejection(resolveComment(await createTestActor("viewer"), done.id, { resolved: true }))) as { status: number }).status).toBe(403);
    expect(((await rejection(resolveComment(operator, done.id, { resolved: "yes" }))) as { status: number }).status).toBe(422);
    expect(await resolveComment(operator, done.id, { resolved: true })).toMatchObject({ resolved: true });
    const maintainer = await createTestActor("maintainer");
    expect(((await rejection(submitReview(maintainer, task.id, { decision: "request_changes", headSha: head, body: "" }))) as { fields?: object }).fields).toHaveProperty("body");
    const { run } = await submitReview(maintainer, task.id, { decision: "request_changes", headSha: head, body: "Keep the numbering consistent." });
    expect(run).toMatchObject({ trigger: "feedback", status: "queued", createdById: maintainer.id });
    expect(run!.prompt).toContain("## Review feedback: changes requested by");
    expect(run!.prompt).toContain("Keep the numbering consistent.");
    expect(run!.prompt).toContain("src/app.ts, line 10:\nUse a digit here.");
    expect(run!.prompt).toMatch(/>\s+10 \| line ten/);
    expect(run!.prompt).toMatch(/ {3}9 \| line 9/);
    expect(run!.prompt).not.toContain("Already handled."); // resolved comments are not sent
    expect((await prisma.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe("running");
  }, 30_000);

  it("a range with a suggested change and a reply reach the feedback run verbatim; bad ranges and suggestions change nothing", async () => {
    const { task, head } = await reviewableTask();
    const operator = await createTestActor("operator");
    const suggestion = "line 9\nline 10 (as a digit)\n  keep this indentation";
    const range = await createComment(operator, task.id, { path: "src/app.ts", startLine: 9, line: 10, side: "new", headSha: head, body: "Say it with digits.", suggestion });
    expect(range).toMatchObject({ startLine: 9, line: 10, suggestion });
    await replyToComment(await createTestActor("maintainer"), range.id, { body: "Agreed, and keep the spacing." });
    const refused = async (input: Record<string, unknown>) => (await rejection(createComment(operator, task.id, { path: "src/app.ts", line: 10, side: "new", headSha: head, body: "x", ...input }))) as { fields?: Record<string, string> };
    expect((await refused({ startLine: 11 })).fields).toHaveProperty("startLine");
    expect((await refused({ side: "old", suggestion: "y" })).fields).toHaveProperty("suggestion");
    expect(((await rejection(replyToComment(operator, range.id, { body: "" }))) as { status: number }).status).toBe(422);
    expect(((await rejection(replyToComment(await createTestActor("viewer"), range.id, { body: "hi" }))) as { status: number }).status).toBe(403);
    expect(await prisma.reviewComment.count({ where: { taskId: task.id } })).toBe(2);

    const { comments } = await taskReviews(operator, task.id);
    expect(comments.map(({ parentId, startLine, currentStartLine, currentLine }) => ({ reply: parentId !== null, startLine, currentStartLine, currentLine }))).toEqual([
      { reply: false, startLine: 9, currentStartLine: 9, currentLine: 10 },
      { reply: true, startLine: 9, currentStartLine: 9, currentLine: 10 },
    ]);
    const { run } = await submitReview(await createTestActor("maintainer"), task.id, { decision: "request_changes", headSha: head, body: "See the suggestion." });
    expect(run!.prompt).toContain("src/app.ts, lines 9–10:\nSay it with digits.\nReply: Agreed, and keep the spacing.");
    expect(run!.prompt).toMatch(/>\s+9 \| line 9\n>\s+10 \| line ten/);
    expect(run!.prompt).toContain(`Suggested replacement for lines 9–10 (use it verbatim):\n\`\`\`suggestion\n${suggestion}\n\`\`\``);
  }, 30_000);
});
