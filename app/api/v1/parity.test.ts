// Every mutation a person makes in the UI also has its /api/v1 route, calling the same service:
// repositories, users, settings, agent variables, API tokens, closing and reopening a task.
import { describe, expect, it } from "vitest";
import { createApiToken } from "../../../lib/auth/tokens/create-api-token.ts";
import { scopesForRole } from "../../../lib/auth/permissions.ts";
import { prisma } from "../../../lib/db/client.ts";
import type { Role } from "../../../lib/generated/prisma/enums.ts";
import { actorOf, createTestRepository, createTestTask, createTestUser, withAdminTurn } from "../../../lib/testing/factories.ts";
import { PUT as putAgentEnv } from "./repositories/[id]/agent-env/route.ts";
import { PATCH as patchSettings } from "./settings/route.ts";
import { POST as closeTaskRoute } from "./tasks/[id]/close/route.ts";
import { POST as reopenTaskRoute } from "./tasks/[id]/reopen/route.ts";
import { DELETE as deleteToken } from "./tokens/[id]/route.ts";
import { GET as listTokens, POST as postToken } from "./tokens/route.ts";
import { PATCH as patchUser } from "./users/[id]/route.ts";
import { userSchema } from "../../../lib/users/dto.ts";
import { taskSchema } from "../../../lib/tasks/dto.ts";
import { settingsSchema } from "../../../lib/settings/settings.ts";
import { tokenSchema } from "../../../lib/auth/tokens/dto.ts";
import { z } from "zod";

type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

async function call<P>(handler: Handler<P>, method: string, token: string, options: { body?: unknown; params?: P } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const response = await handler(new Request("http://localhost/api/v1/x", { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) }), {
    params: Promise.resolve((options.params ?? {}) as P),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function tokenFor(role: Role) {
  const user = await createTestUser({ role });
  // Every scope the role allows: these tests compare what each role may do through the API and the UI.
  return { user, token: (await createApiToken(actorOf(user), { name: "parity", scopes: scopesForRole(role) })).token };
}

describe("API parity with the UI", () => {
  // An admin exists only within an admin turn: other files count the admins (the first-admin tests).
  it("changes users, settings and agent variables for admins only, through the same services", () => withAdminTurn(async () => {
    const admin = await tokenFor("admin");
    const maintainer = await tokenFor("maintainer");
    const target = await createTestUser({ role: "viewer" });
    expect((await call(patchUser, "PATCH", maintainer.token, { params: { id: target.id }, body: { role: "operator" } })).status).toBe(403);
    const changed = await call(patchUser, "PATCH", admin.token, { params: { id: target.id }, body: { role: "operator" } });
    expect(changed).toMatchObject({ status: 200, body: { id: target.id, role: "operator", disabled: false } });
    expect(userSchema.strict().safeParse(changed.body).error).toBeUndefined();
    expect((await call(patchUser, "PATCH", admin.token, { params: { id: admin.user.id }, body: { disabled: true } })).status).toBe(409);
    expect((await call(patchUser, "PATCH", admin.token, { params: { id: target.id }, body: { role: "king" } })).status).toBe(422);

    expect((await call(patchSettings, "PATCH", maintainer.token, { body: { checkConcurrency: 2 } })).status).toBe(403);
    const settings = await call(patchSettings, "PATCH", admin.token, { body: { checkConcurrency: 2 } });
    expect(settings).toMatchObject({ status: 200, body: { checkConcurrency: 2 } });
    expect(settingsSchema.strict().safeParse(settings.body).error).toBeUndefined();
    expect((await call(patchSettings, "PATCH", admin.token, { body: { checkConcurrency: -1 } })).status).toBe(422);

    const repository = await createTestRepository();
    const env = await call(putAgentEnv, "PUT", admin.token, { params: { id: repository.id }, body: { variables: { ANTHROPIC_API_KEY: "sk-secret" } } });
    expect(env).toEqual({ status: 200, body: { names: ["ANTHROPIC_API_KEY"] } });
    expect(JSON.stringify(env.body)).not.toContain("sk-secret");
  }));

  it("lets anyone manage their own API tokens and no one else's", async () => {
    const viewer = await tokenFor("viewer");
    const other = await tokenFor("viewer");
    const created = await call(postToken, "POST", viewer.token, { body: { name: "ci" } });
    expect(created).toMatchObject({ status: 201, body: { name: "ci", token: expect.any(String), revokedAt: null } });
    expect(tokenSchema.extend({ token: z.string() }).strict().safeParse(created.body).error).toBeUndefined();
    const listed = (await call(listTokens, "GET", viewer.token)).body.items;
    expect(listed.map((token: { name: string }) => token.name)).toContain("ci");
    for (const token of listed) expect(tokenSchema.strict().safeParse(token).error).toBeUndefined();
    expect(JSON.stringify((await call(listTokens, "GET", viewer.token)).body)).not.toContain(created.body.token);
    expect((await call(deleteToken, "DELETE", other.token, { params: { id: created.body.id } })).status).toBe(404);
    expect(await call(deleteToken, "DELETE", viewer.token, { params: { id: created.body.id } })).toEqual({ status: 200, body: { id: created.body.id, revoked: true } });
    expect((await call(listTokens, "GET", created.body.token)).status).toBe(401);
    expect((await call(postToken, "POST", viewer.token, { body: { name: "" } })).status).toBe(422);
  });

  it("closes and reopens a task", async () => {
    const operator = await tokenFor("operator");
    const task = await createTestTask(await createTestRepository(), operator.user);
    expect((await call(closeTaskRoute, "POST", operator.token, { params: { id: task.id }, body: {} })).status).toBe(422);
    const closed = await call(closeTaskRoute, "POST", operator.token, { params: { id: task.id }, body: { reason: "Not now." } });
    expect(closed).toMatchObject({ status: 200, body: { status: "closed" } });
    expect(taskSchema.strict().safeParse(closed.body).error).toBeUndefined();
    expect(await call(reopenTaskRoute, "POST", operator.token, { params: { id: task.id } })).toMatchObject({ status: 200, body: { status: "draft" } });
    expect((await prisma.task.findUniqueOrThrow({ where: { id: task.id } })).openBranchKey).not.toBeNull();
  });
});
