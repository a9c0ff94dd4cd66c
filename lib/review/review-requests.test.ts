// Review requests and the notifications around a task: who may be asked, who is told of what (never
// of what they did themselves), and the "Waiting for my review" view that empties once the head is reviewed.
import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "../db/client.ts";
import { listNotifications } from "../notifications/queries.ts";
import { markNotificationsRead } from "../notifications/mark-read.ts";
import { transitionRun } from "../pipeline/transition-run.ts";
import { listTasks } from "../pipeline/list-tasks.ts";
import { createTestActor, createTestRepository, createTestTask } from "../testing/factories.ts";
import { createUpstreamWithBranch } from "../testing/git-fixtures.ts";
import { rejection } from "../testing/rejection.ts";
import { requestReview } from "./request-review.ts";
import { taskReviewRequests } from "./review-request-queries.ts";
import { submitReview } from "../pipeline/submit-review.ts";

const upstreams: Array<{ remove(): Promise<void> }> = [];
afterAll(async () => {
  await Promise.all(upstreams.map((upstream) => upstream.remove()));
});

async function reviewableTask() {
  const branch = `feature/asked-${Math.random().toString(36).slice(2, 8)}`;
  const upstream = await createUpstreamWithBranch({ base: { "a.txt": "a\n" }, branch: { name: branch, files: { "a.txt": "b\n" } } });
  upstreams.push(upstream);
  const author = await createTestActor("operator");
  const repository = await createTestRepository({ upstream: upstream.path });
  const task = await createTestTask(repository, author, { branch, headSha: upstream.headSha, baseSha: upstream.baseSha, status: "ready_for_review" });
  return { task, author, head: upstream.headSha! };
}

const kinds = async (userId: string, taskId: string) =>
  (await prisma.notification.findMany({ where: { userId, taskId }, orderBy: { createdAt: "asc" } })).map((notification) => notification.kind);

describe("review requests", () => {
  it("ask eligible maintainers once, notify each of them once, and refuse anyone who could not approve", async () => {
    const { task, author } = await reviewableTask();
    const reviewer = await createTestActor("maintainer");
    const viewer = await createTestActor("viewer");
    const first = await requestReview(author, task.id, { userIds: [reviewer.id, reviewer.id] });
    expect(first).toEqual({ requested: [reviewer.id], alreadyRequested: [] });
    expect(await requestReview(author, task.id, { userIds: [reviewer.id] })).toEqual({ requested: [], alreadyRequested: [reviewer.id] });
    expect(await kinds(reviewer.id, task.id)).toEqual(["review_requested"]);
    const [notification] = (await listNotifications(reviewer)).items.filter((item) => item.taskId === task.id);
    expect(notification).toMatchObject({ href: `/tasks/${task.id}/diff`, read: false });

    const refused = async (userIds: unknown, actor = author) => (await rejection(requestReview(actor, task.id, { userIds }))) as { status: number; message: string; fields?: Record<string, string> };
    expect((await refused([viewer.id])).fields?.userIds).toContain("only maintainers and admins can approve");
    expect((await refused([author.id])).fields?.userIds).toContain("is a operator");
    expect((await refused(["nobody"])).message).toContain("No user has the id nobody");
    expect((await refused([])).status).toBe(422);
    expect((await refused("x")).status).toBe(422);
    expect((await refused([reviewer.id], viewer)).status).toBe(403);
    expect(await prisma.reviewRequest.count({ where: { taskId: task.id } })).toBe(1);
  }, 30_000);

  it("put the task under the reviewer's 'Waiting for my review' until they review its head, and show who reviewed which head", async () => {
    const { task, author, head } = await reviewableTask();
    const reviewer = await createTestActor("maintainer");
    await requestReview(author, task.id, { userIds: [reviewer.id] });
    const waiting = async () => (await listTasks(reviewer, { view: "review_requested" })).items.map((item) => item.id);
    expect(await waiting()).toContain(task.id);
    expect((await listTasks(author, { view: "mine" })).items.map((item) => item.id)).toEqual([task.id]);

    await submitReview(reviewer, task.id, { decision: "request_changes", headSha: head, body: "Not yet.", spawnRun: false });
    expect(await waiting()).not.toContain(task.id);
    expect(await taskReviewRequests(author, task.id)).toMatchObject([{ reviewer: { id: reviewer.id }, latestReview: { decision: "request_changes", headSha: head, onCurrentHead: true } }]);
    // The author is told; the reviewer is not told of their own review.
    expect(await kinds(author.id, task.id)).toEqual(["changes_requested"]);
    expect(await kinds(reviewer.id, task.id)).toEqual(["review_requested"]);

    await prisma.task.update({ where: { id: task.id }, data: { headSha: "f".repeat(40) } });
    expect(await waiting()).toContain(task.id);
    expect((await taskReviewRequests(author, task.id))[0]!.latestReview).toMatchObject({ onCurrentHead: false });
  }, 30_000);
});

describe("notifications", () => {
  it("tell the author how runs end and are read only by their owner", async () => {
    const { task, author } = await reviewableTask();
    const other = await createTestActor("maintainer");
    const run = await prisma.run.create({ data: { taskId: task.id, number: 1, prompt: "p", agentKind: "script", status: "running", createdById: author.id } });
    await transitionRun(run.id, "failed", { error: "exit code 2" });
    const failed = await prisma.run.create({ data: { taskId: task.id, number: 2, prompt: "p", agentKind: "script", status: "running", createdById: author.id } });
    await transitionRun(failed.id, "cancelled", {}, { actorId: author.id });
    expect(await kinds(author.id, task.id)).toEqual(["run_failed"]);
    const list = await listNotifications(author);
    expect(list.items[0]).toMatchObject({ text: expect.stringContaining("ended failed: exit code 2"), href: `/tasks/${task.id}?run=${run.id}#runs` });

    expect(await markNotificationsRead(other, {})).toEqual({ marked: 0 });
    expect((await listNotifications(author)).unread).toBe(list.unread);
    expect(await markNotificationsRead(author, { ids: [list.items[0]!.id] })).toEqual({ marked: 1 });
    expect((await listNotifications(author)).unread).toBe(list.unread - 1);
    expect((await rejection(markNotificationsRead(author, { ids: "all" }))).status).toBe(422);
  }, 30_000);
});
