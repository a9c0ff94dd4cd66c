import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { createTestActor, createTestRepository, createTestTask, uniqueName } from "../testing/factories.ts";
import { createTask } from "./create-task.ts";
import { rejection } from "../testing/rejection.ts";

let operator: Actor;
let maintainer: Actor;
let viewer: Actor;
let repository: Awaited<ReturnType<typeof createTestRepository>>; // checks: test, lint

beforeAll(async () => {
  [operator, maintainer, viewer, repository] = await Promise.all([
    createTestActor("operator"),
    createTestActor("maintainer"),
    createTestActor("viewer"),
    createTestRepository({
      checks: {
        create: [
          { name: "test", command: "npm test", position: 0 },
          { name: "lint", command: "npm run lint", position: 1 },
        ],
      },
    }),
  ]);
});

const spec = (overrides: Record<string, unknown> = {}) => ({
  repositoryId: repository.id,
  name: uniqueName("Task"),
  goal: "Make it better.",
  agent: { kind: "script", script: "echo working" },
  ...overrides,
});

const tasksNamed = (name: string) => prisma.task.count({ where: { name } });

describe("createTask", () => {
  it("stores the spec as a draft, branch derived from the name", async () => {
    const suffix = uniqueName("x").slice(2);
    const task = await createTask(
      operator,
      spec({
        name: `Add Login Page ${suffix}`,
        files: [{ path: "app/login/page.tsx", change: "Add the form" }],
        acceptanceCriteria: [{ text: "Tests pass", check: "test" }, { text: "Looks right" }],
        timeoutSeconds: 600,
        autoFixAttempts: 2,
      }),
    );
    expect(task).toMatchObject({
      repositoryId: repository.id,
      authorId: operator.id,
      name: `Add Login Page ${suffix}`,
      branch: `feature/add-login-page-${suffix}`,
      openBranchKey: `${repository.id}:feature/add-login-page-${suffix}`,
      goal: "Make it better.",
      files: [{ path: "app/login/page.tsx", change: "Add the form" }],
      acceptanceCriteria: [{ text: "Tests pass", check: "test" }, { text: "Looks right" }],
      agent: { kind: "script", script: "echo working" },
      timeoutSeconds: 600,
      autoFixAttempts: 2,
      status: "draft",
    });
    expect(await prisma.task.findUniqueOrThrow({ where: { id: task.id } })).toEqual(task);
  });

  it("uses the branch given", async () => {
    const branch = `feature/${uniqueName("given")}`;
    const task = await createTask(operator, spec({ branch }));
    expect(task.branch).toBe(branch);
  });

  it("records an audit event with actor, action and target", async () => {
    const task = await createTask(operator, spec());
    const events = await prisma.auditEvent.findMany({ where: { targetType: "task", targetId: task.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorId: operator.id,
      action: "task.created",
      data: { name: task.name, branch: task.branch, repositoryId: repository.id },
    });
  });

  it("rejects an invalid branch on the branch field and stores nothing", async () => {
    for (const branch of ["main", "feature/a..b", "feature/has space", "feature/x.lock", "feature/"]) {
      const data = spec({ branch });
      const error = await rejection(createTask(operator, data));
      expect(error.code, branch).toBe("validation_failed");
      expect(error.status).toBe(422);
      expect(Object.keys(error.fields ?? {}), branch).toEqual(["branch"]);
      expect(await tasksNamed(data.name)).toBe(0);
    }
  });

  it("asks for a branch when the name gives nothing to derive one from", async () => {
    const error = await rejection(createTask(operator, spec({ name: "!!! ???" })));
    expect(error.code).toBe("validation_failed");
    expect(error.fields?.branch).toMatch(/enter a branch/);
    expect(await tasksNamed("!!! ???")).toBe(0);
  });

  it("rejects a branch equal to the repository's base branch", async () => {
    const base = `feature/${uniqueName("base")}`;
    const otherRepository = await createTestRepository({ baseBranch: base });
    const data = spec({ repositoryId: otherRepository.id, branch: base });
    const error = await rejection(createTask(operator, data));
    expect(error.code).toBe("validation_failed");
    expect(error.fields?.branch).toContain(base);
    expect(await tasksNamed(data.name)).toBe(0);
  });

  it("rejects a second open task on the same branch of the same repository as a conflict", async () => {
    const branch = `feature/${uniqueName("shared")}`;
    await createTask(operator, spec({ branch }));
    const data = spec({ branch });
    const error = await rejection(createTask(maintainer, data));
    expect(error.code).toBe("conflict");
    expect(error.status).toBe(409);
    expect(error.fields?.branch).toContain(branch);
    expect(await tasksNamed(data.name)).toBe(0);
    expect(await prisma.task.count({ where: { repositoryId: repository.id, branch } })).toBe(1);
  });

  it("treats a derived branch like a given one when checking for conflicts", async () => {
    const name = uniqueName("Same Name");
    await createTask(operator, spec({ name }));
    const error = await rejection(createTask(operator, spec({ name })));
    expect(error.code).toBe("conflict");
  });

  it("allows the same branch in another repository", async () => {
    const branch = `feature/${uniqueName("shared")}`;
    const otherRepository = await createTestRepository();
    const first = await createTask(operator, spec({ branch }));
    const second = await createTask(operator, spec({ branch, repositoryId: otherRepository.id }));
    expect(second.branch).toBe(first.branch);
    expect(second.repositoryId).toBe(otherRepository.id);
  });

  it("allows a branch again once the task that used it is no longer open", async () => {
    const branch = `feature/${uniqueName("reused")}`;
    const closed = await createTestTask(repository, operator, { branch, status: "closed", openBranchKey: null });
    const task = await createTask(operator, spec({ branch }));
    expect(task.id).not.toBe(closed.id);
  });

  it("refuses viewers and anonymous callers, storing nothing", async () => {
    const data = spec();
    expect((await rejection(createTask(viewer, data))).code).toBe("forbidden");
    expect((await rejection(createTask(null, data))).code).toBe("unauthorized");
    expect(await tasksNamed(data.name)).toBe(0);
  });

  it("needs a maintainer for a command agent", async () => {
    const data = spec({ agent: { kind: "command", argv: ["claude", "-p"] } });
    const error = await rejection(createTask(operator, data));
    expect(error.code).toBe("forbidden");
    expect(error.message).toContain("task.useCommandAgent");
    expect(await tasksNamed(data.name)).toBe(0);

    const task = await createTask(maintainer, data);
    expect(task.agent).toEqual({ kind: "command", argv: ["claude", "-p"] });
  });

  it("rejects a criterion naming a check the repository does not have", async () => {
    const data = spec({ acceptanceCriteria: [{ text: "ok", check: "test" }, { text: "Typed", check: "typecheck" }] });
    const error = await rejection(createTask(operator, data));
    expect(error.code).toBe("validation_failed");
    expect(error.status).toBe(422);
    expect(error.fields?.["acceptanceCriteria.1.check"]).toBe(`No check named "typecheck" in ${repository.name} (checks: test, lint).`);
    expect(Object.keys(error.fields ?? {})).toEqual(["acceptanceCriteria.1.check"]);
    expect(await tasksNamed(data.name)).toBe(0);
  });

  it("says a repository has no checks when a criterion names one", async () => {
    const bare = await createTestRepository();
    const error = await rejection(createTask(operator, spec({ repositoryId: bare.id, acceptanceCriteria: [{ text: "t", check: "test" }] })));
    expect(error.fields?.["acceptanceCriteria.0.check"]).toContain("(checks: none)");
  });

  it("fills in the default criteria, linked only to checks the repository has", async () => {
    const task = await createTask(operator, spec());
    expect(task.acceptanceCriteria).toEqual([
      { text: "Tests pass", check: "test" },
      { text: "Type check passes" },
      { text: "Build succeeds" },
    ]);
    const bare = await createTestRepository();
    const unlinked = await createTask(operator, spec({ repositoryId: bare.id }));
    expect(unlinked.acceptanceCriteria).toEqual([{ text: "Tests pass" }, { text: "Type check passes" }, { text: "Build succeeds" }]);
  });

  it("keeps an explicitly empty list of criteria", async () => {
    const task = await createTask(operator, spec({ acceptanceCriteria: [] }));
    expect(task.acceptanceCriteria).toEqual([]);
  });

  it("answers 404 on repositoryId for an unknown repository", async () => {
    const data = spec({ repositoryId: "no-such-repository" });
    const error = await rejection(createTask(operator, data));
    expect(error.code).toBe("not_found");
    expect(error.status).toBe(404);
    expect(error.fields).toHaveProperty("repositoryId");
    expect(await tasksNamed(data.name)).toBe(0);
  });

  it("rejects an invalid spec with a message per field and stores nothing", async () => {
    const data = spec({ goal: "", timeoutSeconds: 5, files: [{ path: "../x", change: "y" }] });
    const error = await rejection(createTask(operator, data));
    expect(error.code).toBe("validation_failed");
    expect(Object.keys(error.fields ?? {}).sort()).toEqual(["files.0.path", "goal", "timeoutSeconds"]);
    expect(await tasksNamed(data.name)).toBe(0);
  });
});
