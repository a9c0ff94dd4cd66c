// The /api/v1 route handlers, called as Next calls them: (Request, { params: Promise }).
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { actorOf, createBareGitRepo, createTestRepository, createTestTask, createTestUser, uniqueName, withAdminTurn } from "../../../lib/testing/factories.ts";
import { createApiToken } from "../../../lib/auth/tokens/create-api-token.ts";
import { scopesForRole } from "../../../lib/auth/permissions.ts";
import { prisma } from "../../../lib/db/client.ts";
import type { Role } from "../../../lib/generated/prisma/enums.ts";
import { GET as health } from "../health/route.ts";
import { repositorySchema } from "../../../lib/repositories/dto.ts";
import { taskSchema } from "../../../lib/tasks/dto.ts";
import { GET as openApi } from "./openapi.json/route.ts";
import { GET as getRepository } from "./repositories/[id]/route.ts";
import { GET as listRepositories, POST as postRepository } from "./repositories/route.ts";
import { GET as getTask } from "./tasks/[id]/route.ts";
import { GET as listTasks, POST as postTask } from "./tasks/route.ts";
import { POST as postUser } from "./users/route.ts";

type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

interface Call<P> {
  token?: string;
  body?: unknown;
  rawBody?: string;
  params?: P;
  query?: Record<string, string | number>;
}

async function call<P = Record<string, string>>(handler: Handler<P>, method: string, path: string, options: Call<P> = {}) {
  const url = new URL(path, "http://localhost");
  for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, String(value));
  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined || options.body !== undefined) {
    headers["content-type"] = "application/json";
    body = options.rawBody ?? JSON.stringify(options.body);
  }
  const response = await handler(new Request(url, { method, headers, body }), {
    params: Promise.resolve((options.params ?? {}) as P),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

async function tokenFor(role: Role) {
  const user = await createTestUser({ role });
  const { token } = await createApiToken(actorOf(user), { name: "api test", scopes: scopesForRole(role) });
  return { user, token };
}

function expectError(result: { status: number; body: any }, status: number, code: string) {
  expect(result.status, JSON.stringify(result.body)).toBe(status);
  expect(result.body).toEqual({ error: { code, message: expect.any(String), ...(result.body?.error?.fields ? { fields: expect.any(Object) } : {}) } });
  expect(result.body.error.message.length).toBeGreaterThan(0);
}

let viewer: Awaited<ReturnType<typeof tokenFor>>;
let operator: Awaited<ReturnType<typeof tokenFor>>;
let maintainer: Awaited<ReturnType<typeof tokenFor>>;
let repository: Awaited<ReturnType<typeof createTestRepository>>;
let upstream: Awaited<ReturnType<typeof createBareGitRepo>>;

beforeAll(async () => {
  [viewer, operator, maintainer, upstream, repository] = await Promise.all([
    tokenFor("viewer"),
    tokenFor("operator"),
    tokenFor("maintainer"),
    createBareGitRepo(["main"]),
    createTestRepository({ checks: { create: [{ name: "test", command: "npm test" }] } }),
  ]);
});

afterAll(() => upstream?.remove());

const taskSpec = (overrides: Record<string, unknown> = {}) => ({
  repositoryId: repository.id,
  name: uniqueName("API task"),
  goal: "Do it over HTTP.",
  agent: { kind: "script", script: "echo hi" },
  ...overrides,
});

describe("authentication", () => {
  it("answers 401 with the error body for an unknown bearer token on every route", async () => {
    const bad = "co_not-a-real-token";
    expectError(await call(listTasks, "GET", "/api/v1/tasks", { token: bad }), 401, "unauthorized");
    expectError(await call(postTask, "POST", "/api/v1/tasks", { token: bad, body: taskSpec() }), 401, "unauthorized");
    expectError(await call(getTask, "GET", "/api/v1/tasks/x", { token: bad, params: { id: "x" } }), 401, "unauthorized");
    expectError(await call(listRepositories, "GET", "/api/v1/repositories", { token: bad }), 401, "unauthorized");
    expectError(await call(postRepository, "POST", "/api/v1/repositories", { token: bad, body: {} }), 401, "unauthorized");
    expectError(await call(getRepository, "GET", "/api/v1/repositories/x", { token: bad, params: { id: "x" } }), 401, "unauthorized");
    expectError(await call(postUser, "POST", "/api/v1/users", { token: bad, body: {} }), 401, "unauthorized");
  });

  it("answers 401 for a revoked token and for a disabled user's token", async () => {
    const revoked = await tokenFor("operator");
    await prisma.apiToken.updateMany({ where: { userId: revoked.user.id }, data: { revokedAt: new Date() } });
    expectError(await call(listTasks, "GET", "/api/v1/tasks", { token: revoked.token }), 401, "unauthorized");

    const disabled = await tokenFor("operator");
    await prisma.user.update({ where: { id: disabled.user.id }, data: { disabled: true } });
    expectError(await call(listTasks, "GET", "/api/v1/tasks", { token: disabled.token }), 401, "unauthorized");
  });
});

describe("authorization", () => {
  it("answers 403 when a viewer creates a task, a repository or a user, and stores nothing", async () => {
    const spec = taskSpec();
    expectError(await call(postTask, "POST", "/api/v1/tasks", { token: viewer.token, body: spec }), 403, "forbidden");
    expect(await prisma.task.count({ where: { name: spec.name } })).toBe(0);

    const name = uniqueName("repo");
    const repositoryInput = { name, upstream: upstream.path, baseBranch: "main" };
    expectError(await call(postRepository, "POST", "/api/v1/repositories", { token: viewer.token, body: repositoryInput }), 403, "forbidden");
    expect(await prisma.repository.count({ where: { name } })).toBe(0);

    const email = `${uniqueName("u")}@example.test`;
    const userInput = { email, password: "password-1", role: "admin" };
    expectError(await call(postUser, "POST", "/api/v1/users", { token: viewer.token, body: userInput }), 403, "forbidden");
    expectError(await call(postUser, "POST", "/api/v1/users", { token: maintainer.token, body: userInput }), 403, "forbidden");
    expect(await prisma.user.count({ where: { email } })).toBe(0);
  });

  it("answers 403 when an operator registers a repository or uses a command agent", async () => {
    const name = uniqueName("repo");
    expectError(
      await call(postRepository, "POST", "/api/v1/repositories", {
        token: operator.token,
        body: { name, upstream: upstream.path, baseBranch: "main" },
      }),
      403,
      "forbidden",
    );
    expectError(
      await call(postTask, "POST", "/api/v1/tasks", { token: operator.token, body: taskSpec({ agent: { kind: "command", argv: ["x"] } }) }),
      403,
      "forbidden",
    );
  });

  it("lets a viewer read", async () => {
    expect((await call(listTasks, "GET", "/api/v1/tasks", { token: viewer.token })).status).toBe(200);
    expect((await call(listRepositories, "GET", "/api/v1/repositories", { token: viewer.token })).status).toBe(200);
  });
});

describe("POST /api/v1/tasks", () => {
  it("answers 400 for a body that is not JSON", async () => {
    for (const rawBody of ["{not json", "", "name=x"]) {
      expectError(await call(postTask, "POST", "/api/v1/tasks", { token: operator.token, rawBody }), 400, "bad_request");
    }
  });

  it("answers 422 with a message per field", async () => {
    const result = await call(postTask, "POST", "/api/v1/tasks", {
      token: operator.token,
      body: { repositoryId: repository.id, name: "x", branch: "feature/a..b", timeoutSeconds: 1, agent: { kind: "docker" } },
    });
    expectError(result, 422, "validation_failed");
    expect(result.body.error.fields).toEqual({
      branch: expect.stringMatching(/^Branch /),
      goal: "Goal is required",
      "agent.kind": "Agent kind must be one of script, command, claude-code, codex, gemini, aider, opencode, cursor",
      timeoutSeconds: "Timeout must be at least 10 seconds",
    });
  });

  it("answers 201 with the created task, which GET then returns", async () => {
    const spec = taskSpec({ files: [{ path: "src/app.ts", change: "Wire it up" }] });
    const created = await call(postTask, "POST", "/api/v1/tasks", { token: operator.token, body: spec });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      repositoryId: repository.id,
      authorId: operator.user.id,
      viaToken: "api test",
      name: spec.name,
      branch: `feature/${spec.name.toLowerCase().replace(/ /g, "-")}`,
      goal: "Do it over HTTP.",
      context: "",
      files: [{ path: "src/app.ts", change: "Wire it up" }],
      acceptanceCriteria: [{ text: "Tests pass", check: "test" }, { text: "Type check passes" }, { text: "Build succeeds" }],
      agent: { kind: "script", script: "echo hi" },
      timeoutSeconds: 300,
      autoFixAttempts: 0,
      budgetUsd: null,
      status: "draft",
      baseSha: null,
      headSha: null,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      updatedAt: expect.any(String),
    });
    expect(created.body).not.toHaveProperty("openBranchKey");
    expect(taskSchema.strict().safeParse(created.body).error).toBeUndefined();

    const fetched = await call(getTask, "GET", `/api/v1/tasks/${created.body.id}`, { token: viewer.token, params: { id: created.body.id } });
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual({ ...created.body, repositoryName: repository.name });
  });

  it("answers 409 for a branch an open task of the repository already uses", async () => {
    const branch = `feature/${uniqueName("dup")}`;
    expect((await call(postTask, "POST", "/api/v1/tasks", { token: operator.token, body: taskSpec({ branch }) })).status).toBe(201);
    const duplicate = await call(postTask, "POST", "/api/v1/tasks", { token: operator.token, body: taskSpec({ branch }) });
    expectError(duplicate, 409, "conflict");
    expect(duplicate.body.error.fields).toHaveProperty("branch");
  });

  it("answers 404 for an unknown repository", async () => {
    const result = await call(postTask, "POST", "/api/v1/tasks", { token: operator.token, body: taskSpec({ repositoryId: "nope" }) });
    expectError(result, 404, "not_found");
    expect(result.body.error.fields).toHaveProperty("repositoryId");
  });
});

describe("GET /api/v1/tasks/{id} and /api/v1/repositories/{id}", () => {
  it("answers 404 for unknown ids", async () => {
    expectError(await call(getTask, "GET", "/api/v1/tasks/nope", { token: viewer.token, params: { id: "nope" } }), 404, "not_found");
    expectError(
      await call(getRepository, "GET", "/api/v1/repositories/nope", { token: viewer.token, params: { id: "nope" } }),
      404,
      "not_found",
    );
  });
});

describe("GET /api/v1/tasks", () => {
  it("pages 20 at a time, newest first, with the total, filtered by repository and status", async () => {
    const own = await createTestRepository();
    const start = Date.now() - 3_600_000;
    const tasks = [];
    for (let index = 0; index < 23; index++) {
      tasks.push(
        await createTestTask(own, operator.user, {
          name: `paged ${index}`,
          branch: `feature/paged-${index}`,
          createdAt: new Date(start + index * 1000),
          ...(index % 10 === 3 ? { status: "running" as const } : {}),
        }),
      );
    }
    const newestFirst = tasks.map((task) => task.id).reverse();

    const first = await call(listTasks, "GET", "/api/v1/tasks", { token: viewer.token, query: { repositoryId: own.id } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: 23, page: 1, pageSize: 20 });
    expect(first.body.items.map((item: { id: string }) => item.id)).toEqual(newestFirst.slice(0, 20));
    expect(first.body.items[0]).toMatchObject({ repositoryId: own.id, repositoryName: own.name, name: "paged 22" });

    const second = await call(listTasks, "GET", "/api/v1/tasks", { token: viewer.token, query: { repositoryId: own.id, page: 2 } });
    expect(second.body).toMatchObject({ total: 23, page: 2, pageSize: 20 });
    expect(second.body.items.map((item: { id: string }) => item.id)).toEqual(newestFirst.slice(20));

    const beyond = await call(listTasks, "GET", "/api/v1/tasks", { token: viewer.token, query: { repositoryId: own.id, page: 3 } });
    expect(beyond.body).toMatchObject({ total: 23, page: 3, items: [] });

    const running = await call(listTasks, "GET", "/api/v1/tasks", { token: viewer.token, query: { repositoryId: own.id, status: "running" } });
    expect(running.body.total).toBe(2);
    expect(running.body.items.map((item: { name: string }) => item.name)).toEqual(["paged 13", "paged 3"]);
    expect(running.body.items.every((item: { status: string }) => item.status === "running")).toBe(true);

    const drafts = await call(listTasks, "GET", "/api/v1/tasks", { token: viewer.token, query: { repositoryId: own.id, status: "draft" } });
    expect(drafts.body.total).toBe(21);

    const unknownRepository = await call(listTasks, "GET", "/api/v1/tasks", { token: viewer.token, query: { repositoryId: "nope" } });
    expect(unknownRepository.body).toMatchObject({ total: 0, items: [] });
  });

  it("answers 422 for a bad status or page", async () => {
    for (const query of [{ status: "bogus" }, { page: 0 }, { page: "two" }] as Array<Record<string, string | number>>) {
      const result = await call(listTasks, "GET", "/api/v1/tasks", { token: viewer.token, query });
      expectError(result, 422, "validation_failed");
      expect(Object.keys(result.body.error.fields)).toEqual(Object.keys(query));
    }
  });
});

describe("/api/v1/repositories", () => {
  it("registers a repository (201), shows it by id and in the list, and refuses its name again (409)", async () => {
    const name = uniqueName("api-repo");
    const created = await call(postRepository, "POST", "/api/v1/repositories", {
      token: maintainer.token,
      body: { name, upstream: upstream.path, baseBranch: "main", checks: [{ name: "test", command: "npm test" }] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(repositorySchema.strict().safeParse(created.body).error).toBeUndefined();
    expect(created.body).toEqual({
      id: expect.any(String),
      name,
      upstream: upstream.path,
      baseBranch: "main",
      agentNetwork: "allowlist",
      checkNetwork: "full",
      allowedHosts: [],
      setupCommand: null,
      maxConcurrentRuns: 2,
      taskBudgetUsd: null,
      monthlyBudgetUsd: null,
      requiredApprovals: 1,
      allowSelfApproval: false,
      requireUpToDate: false,
      deleteBranchOnMerge: true,
      github: null,
      checks: [{ name: "test", command: "npm test", required: true, timeoutSeconds: 900, junitPath: null }],
      agentEnvNames: [],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });

    const fetched = await call(getRepository, "GET", `/api/v1/repositories/${created.body.id}`, {
      token: viewer.token,
      params: { id: created.body.id },
    });
    expect(fetched).toMatchObject({ status: 200, body: created.body });

    const list = await call(listRepositories, "GET", "/api/v1/repositories", { token: viewer.token });
    expect(list.body.items).toContainEqual(created.body);

    const duplicate = await call(postRepository, "POST", "/api/v1/repositories", {
      token: maintainer.token,
      body: { name, upstream: upstream.path, baseBranch: "main" },
    });
    expectError(duplicate, 409, "conflict");
    expect(duplicate.body.error.fields).toHaveProperty("name");
  });

  it("answers 422 on the upstream field when git cannot read it", async () => {
    const result = await call(postRepository, "POST", "/api/v1/repositories", {
      token: maintainer.token,
      body: { name: uniqueName("repo"), upstream: `${upstream.path}-missing`, baseBranch: "main" },
    });
    expectError(result, 422, "validation_failed");
    expect(Object.keys(result.body.error.fields)).toEqual(["upstream"]);
  });

  it("never shows agent variable values", async () => {
    const secretive = await createTestRepository({ agentEnv: { API_KEY: "sk-very-secret" } });
    const result = await call(getRepository, "GET", `/api/v1/repositories/${secretive.id}`, { token: viewer.token, params: { id: secretive.id } });
    expect(result.body.agentEnvNames).toEqual(["API_KEY"]);
    expect(JSON.stringify(result.body)).not.toContain("sk-very-secret");
  });
});

describe("POST /api/v1/users", () => {
  it("creates a user as admin (201), then refuses the email again (409) and a bad role (422)", () =>
    withAdminTurn(async () => {
      const admin = await tokenFor("admin");
      const email = `${uniqueName("api-user")}@example.test`;
      const created = await call(postUser, "POST", "/api/v1/users", {
        token: admin.token,
        body: { email, password: "password-1", role: "operator" },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        email,
        name: null,
        role: "operator",
        disabled: false,
        createdAt: expect.stringMatching(/Z$/),
      });

      const duplicate = await call(postUser, "POST", "/api/v1/users", { token: admin.token, body: { email, password: "password-2" } });
      expectError(duplicate, 409, "conflict");
      expect(duplicate.body.error.fields).toHaveProperty("email");

      const badRole = await call(postUser, "POST", "/api/v1/users", {
        token: admin.token,
        body: { email: `${uniqueName("x")}@example.test`, password: "password-1", role: "owner" },
      });
      expectError(badRole, 422, "validation_failed");
      expect(Object.keys(badRole.body.error.fields)).toEqual(["role"]);

      expectError(await call(postUser, "POST", "/api/v1/users", { token: admin.token, rawBody: "nope" }), 400, "bad_request");
    }));
});

describe("GET /api/v1/openapi.json", () => {
  it("is an OpenAPI 3.1 document whose TaskSpec schema has the spec's fields and bounds", async () => {
    const response = openApi();
    expect(response.status).toBe(200);
    const document = await response.json();
    expect(document.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        "/api/health",
        "/api/v1/tasks",
        "/api/v1/tasks/{id}",
        "/api/v1/repositories",
        "/api/v1/repositories/{id}",
        "/api/v1/users",
        "/api/v1/tasks/{id}/runs",
        "/api/v1/runs/{id}/events",
        "/api/v1/tasks/{id}/checks",
        "/api/v1/tasks/{id}/checks/rerun",
        "/api/v1/check-runs/{id}/events",
        "/api/v1/check-runs/{id}/log.txt",
      ]),
    );
    expect(document.paths["/api/v1/tasks"].post.requestBody.content).toEqual({
      "application/json": { schema: { oneOf: [{ $ref: "#/components/schemas/TaskSpec" }, { $ref: "#/components/schemas/MarkdownTask" }] } },
      "text/markdown": { schema: { type: "string" } },
    });

    const taskSpecSchema = document.components.schemas.TaskSpec;
    expect(Object.keys(taskSpecSchema.properties).sort()).toEqual(
      ["acceptanceCriteria", "agent", "autoFixAttempts", "branch", "budgetUsd", "context", "files", "goal", "name", "repositoryId", "timeoutSeconds"].sort(),
    );
    expect(taskSpecSchema.required.sort()).toEqual(["agent", "goal", "name", "repositoryId"]);
    expect(taskSpecSchema.properties.goal).toMatchObject({ type: "string", maxLength: 20_000 });
    expect(taskSpecSchema.properties.files).toMatchObject({ type: "array", maxItems: 200 });
    expect(taskSpecSchema.properties.acceptanceCriteria).toMatchObject({ type: "array", maxItems: 50 });
    expect(taskSpecSchema.properties.timeoutSeconds).toMatchObject({ minimum: 10, maximum: 86_400, default: 300 });
    expect(JSON.stringify(taskSpecSchema.properties.agent)).toContain('"script"');
    expect(JSON.stringify(taskSpecSchema.properties.agent)).toContain('"command"');

    expect(Object.keys(document.components.schemas)).toEqual(expect.arrayContaining(["RepositoryInput", "NewUser", "Error"]));
    // Answers are described by the DTOs' schemas, not as bare objects.
    expect(Object.keys(document.components.schemas)).toEqual(expect.arrayContaining(["Task", "Run", "Check", "Repository", "Review", "Comment"]));
    expect(document.paths["/api/v1/tasks/{id}"].get.responses["200"].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/Task" });
    expect(document.components.schemas.Run.properties.status.enum).toContain("succeeded");
    expect(document.components.securitySchemes.bearerAuth).toEqual({ type: "http", scheme: "bearer" });
  });
});

describe("GET /api/health", () => {
  it("reports ok and the kind of database this project runs against", async ({ task }) => {
    const expected = inject("testDatabase").kind;
    expect(task.file.projectName).toBe(expected);
    const response = await health();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, db: expected });
  });
});
