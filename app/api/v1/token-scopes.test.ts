// A token does what its scopes allow within its user's role, and the audit trail names it.
import { beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../../../lib/auth/tokens/create-api-token.ts";
import type { TokenScope } from "../../../lib/auth/scopes.ts";
import { prisma } from "../../../lib/db/client.ts";
import { actorOf, createTestRepository, createTestUser, uniqueName } from "../../../lib/testing/factories.ts";
import { POST as merge } from "./tasks/[id]/merge/route.ts";
import { POST as review } from "./tasks/[id]/reviews/route.ts";
import { GET as listTasks, POST as postTask } from "./tasks/route.ts";

let repository: Awaited<ReturnType<typeof createTestRepository>>;
let maintainer: Awaited<ReturnType<typeof createTestUser>>;

beforeAll(async () => {
  repository = await createTestRepository();
  maintainer = await createTestUser({ role: "maintainer" });
});

async function tokenWith(scopes: TokenScope[]) {
  const { token, record } = await createApiToken(actorOf(maintainer), { name: `scopes ${scopes.join(" ")}`, scopes });
  return { token, id: record.id };
}

function request(path: string, token: string, body?: unknown) {
  return new Request(`http://localhost${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const spec = () => ({ repositoryId: repository.id, name: uniqueName("Scoped"), goal: "g", agent: { kind: "script", script: "true" } });

describe("token scopes through /api/v1", () => {
  it("a read-only token reads and is refused writes with the scope it lacks", async () => {
    const { token } = await tokenWith(["tasks:read"]);
    expect((await listTasks(request("/api/v1/tasks", token), { params: Promise.resolve({}) })).status).toBe(200);
    const refused = await postTask(request("/api/v1/tasks", token, spec()), { params: Promise.resolve({}) });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.message).toContain("lacks the tasks:write scope");
  });

  it("records the token in the audit trail of what it did, and marks what it made with the token's name", async () => {
    const { token, id } = await tokenWith(["tasks:read", "tasks:write"]);
    const created = await postTask(request("/api/v1/tasks", token, spec()), { params: Promise.resolve({}) });
    expect(created.status).toBe(201);
    const answer = await created.json();
    expect(answer.viaToken).toBe("scopes tasks:read tasks:write");
    const taskId = answer.id;
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { targetType: "task", targetId: taskId, action: "task.created" } });
    expect(event).toMatchObject({ actorId: maintainer.id, tokenId: id });
  });

  it("approving needs reviews:approve and merging needs merge, whatever the user's role", async () => {
    const { token } = await tokenWith(["tasks:read", "tasks:write"]);
    const params = { params: Promise.resolve({ id: "any-task" }) };
    const approve = await review(request("/api/v1/tasks/any-task/reviews", token, { decision: "approve", headSha: "a".repeat(40) }), params);
    expect(approve.status).toBe(403);
    expect((await approve.json()).error.message).toContain("lacks the reviews:approve scope");
    const merged = await merge(request("/api/v1/tasks/any-task/merge", token, { headSha: "a".repeat(40) }), params);
    expect(merged.status).toBe(403);
    expect((await merged.json()).error.message).toContain("lacks the merge scope");
  });
});
