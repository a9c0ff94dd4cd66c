// POST /api/github/webhook: signatures, replays, and the checks a delivery refreshes.
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST } from "../../app/api/github/webhook/route.ts";
import { prisma } from "../db/client.ts";
import { env } from "../env.mjs";
import { createTestActor, createTestRepository, createTestTask, uniqueName } from "../testing/factories.ts";
import { type FixturesServer, startFixturesServer } from "../testing/github-fixtures-server.ts";
import { resetRateLimitForTests } from "../github/rate-limit.ts";
import { pollDueGithubChecks } from "../worker/poll-github-checks.ts";

const SECRET = "webhook-test-secret";
const SHA = "0000000000000000000000000000000000000002";
let server: FixturesServer;
const settable = env as { GITHUB_WEBHOOK_SECRET?: string };

beforeAll(async () => {
  server = await startFixturesServer();
}, 30_000);
afterAll(async () => {
  await server.stop();
});
beforeEach(() => {
  settable.GITHUB_WEBHOOK_SECRET = SECRET;
  resetRateLimitForTests();
});

// Its own recorded repository (hello-webhook), so deliveries never reach other test files' tasks.
async function githubTask(scenario = "checks-for-ref-webhook") {
  const repository = await createTestRepository({ githubOwner: "octokit-fixture-org", githubRepo: "hello-webhook", githubToken: "0000000000000000000000000000000000000001", githubApiUrl: await server.load(scenario) });
  return createTestTask(repository, await createTestActor("operator"), { headSha: SHA });
}

function deliver(body: unknown, options: { event?: string; id?: string; secret?: string | null } = {}) {
  const raw = JSON.stringify(body);
  const headers: Record<string, string> = { "content-type": "application/json", "x-github-event": options.event ?? "check_run", "x-github-delivery": options.id ?? uniqueName("delivery") };
  if (options.secret !== null) headers["x-hub-signature-256"] = `sha256=${createHmac("sha256", options.secret ?? SECRET).update(raw).digest("hex")}`;
  return POST(new Request("http://localhost/api/github/webhook", { method: "POST", headers, body: raw }));
}

const checkRunEvent = { action: "completed", check_run: { head_sha: SHA }, repository: { full_name: "Octokit-Fixture-Org/Hello-Webhook" } };

describe("the GitHub webhook", () => {
  it("takes a signed delivery once, refreshes the checks of the open task at that head, and ignores its replay", async () => {
    const task = await githubTask();
    const id = uniqueName("delivery");
    const first = await deliver(checkRunEvent, { id });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ ok: true, duplicate: false, tasks: 1 });
    expect(await prisma.checkRun.count({ where: { taskId: task.id, source: "github" } })).toBe(4);

    const replay = await deliver(checkRunEvent, { id });
    expect(await replay.json()).toEqual({ ok: true, duplicate: true, tasks: 0 });
    expect(await prisma.webhookDelivery.count({ where: { id } })).toBe(1);
  });

  it("refuses a bad or missing signature, and all deliveries while no secret is set, storing nothing", async () => {
    const id = uniqueName("delivery");
    for (const response of [await deliver(checkRunEvent, { id, secret: "wrong" }), await deliver(checkRunEvent, { id, secret: null })]) {
      expect(response.status).toBe(401);
    }
    settable.GITHUB_WEBHOOK_SECRET = undefined;
    const off = await deliver(checkRunEvent, { id });
    expect(off.status).toBe(401);
    expect((await off.json()).error.message).toMatch(/GITHUB_WEBHOOK_SECRET is not set/);
    expect(await prisma.webhookDelivery.count({ where: { id } })).toBe(0);
  });

  it("answers a ping and events it does not act on", async () => {
    const ping = await deliver({ zen: "Keep it logically awesome." }, { event: "ping" });
    expect(await ping.json()).toEqual({ ok: true, duplicate: false, tasks: 0 });
  });
});

describe("polling GitHub when no webhook comes", () => {
  it("syncs due tasks and backs off while checks are unfinished; nothing is called while the rate limit is spent", async () => {
    const task = await githubTask();
    const now = new Date();
    await prisma.task.update({ where: { id: task.id }, data: { githubPollAt: new Date(now.getTime() - 1000) } });
    expect(await pollDueGithubChecks(now)).toBe(1);
    let polled = await prisma.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(polled.githubPollDelaySeconds).toBe(15); // ci / lint still running
    expect(polled.githubPollAt!.getTime()).toBe(now.getTime() + 15_000);

    await prisma.repository.update({ where: { id: task.repositoryId }, data: { githubApiUrl: await server.load("checks-for-ref-webhook") } });
    const later = new Date(now.getTime() + 16_000);
    expect(await pollDueGithubChecks(later)).toBe(1);
    polled = await prisma.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(polled.githubPollDelaySeconds).toBe(30); // nothing changed: the wait doubles

    await prisma.repository.update({ where: { id: task.repositoryId }, data: { githubApiUrl: await server.load("checks-for-ref-rate-limited-webhook") } });
    const again = new Date(later.getTime() + 31_000);
    expect(await pollDueGithubChecks(again)).toBe(1); // answered 403, rate limit spent until 2100
    expect(await pollDueGithubChecks(new Date(again.getTime() + 60_000))).toBe(0);
  });
});
