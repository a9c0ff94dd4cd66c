// Outgoing webhooks against a loopback receiver: events queued with the change that caused them,
// signed per Standard Webhooks (verified with the standardwebhooks library), retried on a 500 until
// answered, redelivered on demand, the OpenClaw preset's request; who may subscribe; where they may point.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.WEBHOOKS_ALLOW_PRIVATE = "true";
  process.env.WEBHOOK_RETRY_BASE_SECONDS = "0.2";
});

import { prisma } from "../db/client.ts";
import { env } from "../env.mjs";
import { completeCheck } from "../pipeline/complete-check.ts";
import { queueRun } from "../pipeline/queue-run.ts";
import { submitReview } from "../pipeline/submit-review.ts";
import { transitionRun } from "../pipeline/transition-run.ts";
import { createBareGitRepo, createTestActor, createTestRepository, createTestTask, withAdminTurn } from "../testing/factories.ts";
import { rejection } from "../testing/rejection.ts";
import { startWebhookDispatcher } from "../worker/webhook-dispatcher.ts";
import { createWebhook } from "./create-webhook.ts";
import { deleteWebhook } from "./delete-webhook.ts";
import { listWebhookDeliveries } from "./list-webhooks.ts";
import { redeliverWebhookMessage } from "./redeliver-webhook-message.ts";
import { GIVE_UP_AFTER_MS, nextAttemptAt } from "./retry-schedule.ts";
import { resolveWebhookTarget } from "./target-guard.ts";

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const received: Received[] = [];
/** Status codes to answer with, in order; 200 once they run out. */
const script: number[] = [];
let receiver: http.Server;
let receiverUrl: string;
let dispatcher: { stop(): Promise<void> };

beforeAll(async () => {
  receiver = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      received.push({ path: request.url ?? "", headers: request.headers, body });
      response.writeHead(script.shift() ?? 200, { "content-type": "text/plain" }).end("thanks");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  dispatcher = startWebhookDispatcher({ pollMs: 100 });
});

afterAll(async () => {
  await dispatcher.stop();
  await new Promise((resolve) => receiver.close(resolve));
});

async function until<T>(read: () => T | Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const receivedAt = (path: string) => received.filter((request) => request.path === path);

describe("outgoing webhooks", () => {
  it("sends a repository's run and status events, signed, retries a 500 until answered, and redelivers on demand", async () => {
    const maintainer = await createTestActor("maintainer");
    const repository = await createTestRepository();
    const task = await createTestTask(repository, maintainer);
    const { subscription, secret } = await createWebhook(maintainer, {
      url: `${receiverUrl}/standard`,
      events: ["task.status_changed", "run.started", "run.finished"],
      repositoryId: repository.id,
    });
    expect(secret).toMatch(/^whsec_/);
    script.push(500);

    const run = await queueRun(task.id, { trigger: "manual", createdById: maintainer.id });
    await transitionRun(run!.id, "preparing");
    await transitionRun(run!.id, "running");
    await transitionRun(run!.id, "failed", { error: "tests failed", exitCode: 1 });

    const requests = await until(() => receivedAt("/standard"), (list) => new Set(list.map((r) => r.headers["webhook-id"])).size >= 4 && list.length >= 5, "five requests");
    const verifier = new Webhook(secret);
    const payloads = requests.map((request) => verifier.verify(request.body, request.headers as Record<string, string>) as { type: string; data: any });
    expect(payloads.every((payload) => payload.data.task.id === task.id && payload.data.task.url.endsWith(`/tasks/${task.id}`))).toBe(true);
    // The first answer was a 500: that message came again, with the same id and body.
    const retry = requests.slice(1).find((request) => request.headers["webhook-id"] === requests[0]!.headers["webhook-id"]);
    expect(retry?.body).toBe(requests[0]!.body);
    const kinds = payloads.map((payload) => `${payload.type}${payload.data.to ? `:${payload.data.to}` : ""}${payload.data.run ? `:${payload.data.run.status}` : ""}`);
    expect(new Set(kinds)).toEqual(new Set(["task.status_changed:running", "run.started:running", "run.finished:failed", "task.status_changed:draft"]));
    expect(payloads.find((payload) => payload.type === "run.finished")!.data.run).toMatchObject({ number: 1, error: "tests failed", exitCode: 1 });

    // The receiver answered before the attempt was recorded: the log is read once it caught up.
    const log = await until(() => listWebhookDeliveries(maintainer, subscription.id, {}), (page) => page.messages.every((message) => message.status === "delivered"), "every delivery recorded");
    expect(log.messages).toHaveLength(4);
    const retried = log.messages.find((message) => message.attemptCount === 2)!;
    expect(retried.attempts.map((attempt) => attempt.statusCode)).toEqual([200, 500]);
    expect(retried.attempts[1]).toMatchObject({ error: "answered 500", responseExcerpt: "thanks" });

    const before = receivedAt("/standard").length;
    const again = await redeliverWebhookMessage(maintainer, subscription.id, retried.id);
    expect(again.status).toBe("pending");
    const redelivered = await until(() => receivedAt("/standard"), (list) => list.length > before, "the redelivery");
    expect(redelivered.at(-1)!.headers["webhook-id"]).toBe(retried.id);
    await until(() => prisma.webhookMessage.findUniqueOrThrow({ where: { id: retried.id } }), (message) => message.status === "delivered" && message.attemptCount === 3, "the redelivery recorded");

    expect((await rejection(redeliverWebhookMessage(maintainer, subscription.id, "no-such-delivery"))).status).toBe(404);
    expect((await rejection(listWebhookDeliveries(maintainer, subscription.id, { before: "x\u0000" }))).status).toBe(422);
  });

  it("posts the OpenClaw preset to the gateway's agent hook with its token, an Idempotency-Key and a message saying what to do next", async () => {
    const maintainer = await createTestActor("maintainer");
    const repository = await createTestRepository();
    const task = await createTestTask(repository, maintainer, { name: "Add a health check" });
    expect((await rejection(createWebhook(maintainer, { url: `${receiverUrl}/gateway`, events: ["run.finished"], repositoryId: repository.id, format: "openclaw" }))).fields).toHaveProperty("token");
    await createWebhook(maintainer, { url: `${receiverUrl}/gateway`, events: ["run.finished"], repositoryId: repository.id, format: "openclaw", token: "hooks-token" });

    const run = await queueRun(task.id, { trigger: "manual", createdById: maintainer.id });
    await transitionRun(run!.id, "preparing");
    await transitionRun(run!.id, "running");
    await transitionRun(run!.id, "succeeded");

    const [request] = await until(() => receivedAt("/gateway/hooks/agent"), (list) => list.length === 1, "the gateway's hook");
    expect(request!.headers.authorization).toBe("Bearer hooks-token");
    expect(request!.headers["idempotency-key"]).toBe(request!.headers["webhook-id"]);
    const body = JSON.parse(request!.body) as { message: string; name: string; wakeMode: string };
    expect(body).toMatchObject({ name: "Code Orchestrator", wakeMode: "now" });
    expect(body.message).toContain("Run #1 of “Add a health check”");
    expect(body.message).toContain("succeeded");
    expect(body.message).toContain("wait_for_task");
    expect(body.message).toContain(task.id);
  });

  it("announces a head's checks once when the last two finish at the same moment, then the review", async () => {
    const maintainer = await createTestActor("maintainer");
    const author = await createTestActor("operator");
    const upstream = await createBareGitRepo(["main", "feature/announced"]);
    const repository = await createTestRepository({ upstream: upstream.path });
    const head = upstream.commit;
    const task = await createTestTask(repository, author, { branch: "feature/announced", headSha: head, status: "awaiting_checks" });
    const { subscription } = await createWebhook(maintainer, { url: `${receiverUrl}/checks`, events: ["checks.completed", "review.submitted"], repositoryId: repository.id });
    const [test, lint] = await Promise.all(["test", "lint"].map((name) => prisma.checkRun.create({ data: { taskId: task.id, headSha: head, name, required: true, status: "running" } })));

    await Promise.all([completeCheck(test!.id, { conclusion: "failure", exitCode: 1 }), completeCheck(lint!.id, { conclusion: "success", exitCode: 0 })]);
    await submitReview(maintainer, task.id, { decision: "request_changes", headSha: head, body: "Make the test pass." });

    const messages = await prisma.webhookMessage.findMany({ where: { subscriptionId: subscription.id }, orderBy: { createdAt: "asc" } });
    expect(messages.map((message) => message.event)).toEqual(["checks.completed", "review.submitted"]);
    const [checks, review] = messages.map((message) => JSON.parse(message.body) as { data: any });
    expect(checks!.data).toMatchObject({ headSha: head, conclusion: "failure", failed: ["test"] });
    expect(review!.data.review).toMatchObject({ decision: "request_changes", headSha: head, body: "Make the test pass." });
    await until(() => receivedAt("/checks"), (list) => list.length === 2, "both deliveries");
    await upstream.remove();
  });

  it("records an answer it cannot store whole: a NUL and a long body are kept as a 1 kB excerpt", async () => {
    const hostile = http.createServer((_request, response) => response.writeHead(502).end(`\u0000${"x".repeat(100_000)}`));
    await new Promise<void>((resolve) => hostile.listen(0, "127.0.0.1", resolve));
    try {
      const maintainer = await createTestActor("maintainer");
      const repository = await createTestRepository();
      const task = await createTestTask(repository, maintainer);
      const { subscription } = await createWebhook(maintainer, { url: `http://127.0.0.1:${(hostile.address() as AddressInfo).port}/`, events: ["task.status_changed"], repositoryId: repository.id });
      await queueRun(task.id, { trigger: "manual", createdById: maintainer.id });
      const [attempt] = await until(() => prisma.webhookAttempt.findMany({ where: { message: { subscriptionId: subscription.id } } }), (attempts) => attempts.length > 0, "the attempt recorded");
      expect(attempt).toMatchObject({ statusCode: 502, error: "answered 502" });
      expect(attempt!.responseExcerpt).toBe(`\ufffd${"x".repeat(999)}`);
      await deleteWebhook(maintainer, subscription.id);
    } finally {
      await new Promise((resolve) => hostile.close(resolve));
    }
  });

  it("lets maintainers subscribe to a repository and only admins to the installation; bad input changes nothing", async () => {
    const maintainer = await createTestActor("maintainer");
    const repository = await createTestRepository();
    const count = () => prisma.webhookSubscription.count();
    const before = await count();
    const valid = { url: `${receiverUrl}/x`, events: ["task.merged"], repositoryId: repository.id };
    expect((await rejection(createWebhook(await createTestActor("operator"), valid))).status).toBe(403);
    expect((await rejection(createWebhook(maintainer, { ...valid, repositoryId: undefined }))).status).toBe(403);
    expect((await rejection(createWebhook({ ...maintainer, token: { id: "t", name: "ci", scopes: ["tasks:read", "tasks:write"] } }, valid))).status).toBe(403);
    expect((await rejection(createWebhook(maintainer, { ...valid, events: [] }))).fields).toHaveProperty("events");
    expect((await rejection(createWebhook(maintainer, { ...valid, events: ["task.exploded"] }))).fields).toHaveProperty("events.0");
    expect((await rejection(createWebhook(maintainer, { ...valid, url: "file:///etc/passwd" }))).fields).toHaveProperty("url");
    expect((await rejection(createWebhook(maintainer, { ...valid, url: "http://169.254.169.254/latest/meta-data" }))).fields!.url).toMatch(/metadata/);
    expect((await rejection(createWebhook(maintainer, { ...valid, url: `http://127.0.0.1:${env.PORT}/api/v1/tasks` }))).fields!.url).toMatch(/this server itself/);
    expect((await rejection(createWebhook(maintainer, { ...valid, repositoryId: "no-such-repository" }))).fields).toHaveProperty("repositoryId");
    expect((await rejection(createWebhook(maintainer, { ...valid, extra: 1 }))).status).toBe(422);
    expect(await count()).toBe(before);

    await withAdminTurn(async () => {
      const admin = await createTestActor("admin");
      const { subscription } = await createWebhook(admin, { url: `${receiverUrl}/all`, events: ["budget.exceeded"] });
      expect((await rejection(deleteWebhook(maintainer, subscription.id))).status).toBe(403);
      await deleteWebhook(admin, subscription.id);
    });
    expect(await count()).toBe(before);
  });
});

describe("where a webhook may point", () => {
  it("never at link-local or metadata addresses or this server; private and loopback ones only when allowed", async () => {
    const refused = (url: string, allowPrivate: boolean) => resolveWebhookTarget(new URL(url), allowPrivate).then(() => "allowed", (error: Error) => error.message);
    expect(await refused("http://127.0.0.1:9/hook", false)).toMatch(/private or loopback/);
    expect(await refused("http://10.1.2.3/hook", false)).toMatch(/private or loopback/);
    expect(await refused("http://[::ffff:192.168.0.1]/hook", false)).toMatch(/private or loopback/);
    expect(await refused("http://localhost:9/hook", false)).toMatch(/private or loopback/);
    expect(await refused("http://127.0.0.1:9/hook", true)).toBe("allowed");
    expect(await refused("http://169.254.169.254/", true)).toMatch(/metadata/);
    expect(await refused("http://[::ffff:169.254.169.254]/", true)).toMatch(/metadata/);
    expect(await refused("http://0.0.0.0:8080/", true)).toMatch(/unspecified/);
    expect(await refused(`http://localhost:${env.PORT}/`, true)).toMatch(/this server itself/);
    expect(await refused("http://user:pw@example.test/", true)).toMatch(/credentials/);
    expect(await refused("ftp://example.test/", true)).toMatch(/http/);
    expect(await refused("http://93.184.215.14/hook", false)).toBe("allowed");
  });

  it("retries four times slower each time, the last try a day after the event, then gives up", () => {
    const created = new Date("2026-12-01T00:00:00Z");
    const delays = [1, 2, 3, 4].map((attempts) => nextAttemptAt(created, attempts, created, 5)!.getTime() - created.getTime());
    delays.forEach((delay, index) => expect(delay).toBeGreaterThanOrEqual(5_000 * 4 ** index * 0.9));
    delays.forEach((delay, index) => expect(delay).toBeLessThanOrEqual(5_000 * 4 ** index * 1.1));
    const late = new Date(created.getTime() + GIVE_UP_AFTER_MS - 1_000);
    expect(nextAttemptAt(created, 12, late, 5)!.getTime()).toBe(created.getTime() + GIVE_UP_AFTER_MS);
    expect(nextAttemptAt(created, 13, new Date(created.getTime() + GIVE_UP_AFTER_MS), 5)).toBeNull();
  });
});
