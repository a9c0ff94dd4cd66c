import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { createBareGitRepo, createTestActor, uniqueName } from "../testing/factories.ts";
import { createRepository } from "./create-repository.ts";
import { updateRepository } from "./update-repository.ts";
import { rejection } from "../testing/rejection.ts";

type Upstream = Awaited<ReturnType<typeof createBareGitRepo>>;

let upstream: Upstream; // branches main and develop
let emptyUpstream: Upstream; // no branches at all
let maintainer: Actor;
let operator: Actor;
let viewer: Actor;

beforeAll(async () => {
  [upstream, emptyUpstream, maintainer, operator, viewer] = await Promise.all([
    createBareGitRepo(["main", "develop"]),
    createBareGitRepo([]),
    createTestActor("maintainer"),
    createTestActor("operator"),
    createTestActor("viewer"),
  ]);
});

afterAll(async () => {
  await Promise.all([upstream?.remove(), emptyUpstream?.remove()]);
});

const stored = (name: string) => prisma.repository.count({ where: { name } });
const auditEventsNaming = (name: string) =>
  prisma.auditEvent.count({ where: { targetType: "repository", data: { path: ["name"], equals: name } } });

const input = (overrides: Record<string, unknown> = {}) => ({
  name: uniqueName("repo"),
  upstream: upstream.path,
  baseBranch: "main",
  ...overrides,
});

describe("createRepository", () => {
  it("stores the repository with its checks in order and records who did it", async () => {
    const name = uniqueName("repo");
    const repository = await createRepository(maintainer, {
      name: `  ${name} `,
      upstream: upstream.path,
      baseBranch: "develop",
      setupCommand: "npm ci",
      agentNetwork: false,
      checks: [
        { name: "test", command: "npm test" },
        { name: "lint", command: "npm run lint", required: false, timeoutSeconds: 60 },
        { name: "build", command: "npm run build", junitPath: "reports/junit.xml" },
      ],
    });
    expect(repository).toMatchObject({
      name,
      upstream: upstream.path,
      baseBranch: "develop",
      setupCommand: "npm ci",
      agentNetwork: "off",
      checkNetwork: "full",
      createdById: maintainer.id,
    });
    expect(repository.checks.map((check) => [check.name, check.position])).toEqual([
      ["test", 0],
      ["lint", 1],
      ["build", 2],
    ]);

    const fromDb = await prisma.repository.findUniqueOrThrow({
      where: { id: repository.id },
      include: { checks: { orderBy: { position: "asc" } } },
    });
    expect(fromDb.checks.map(({ name, command, required, timeoutSeconds, junitPath, position }) => ({
      name,
      command,
      required,
      timeoutSeconds,
      junitPath,
      position,
    }))).toEqual([
      { name: "test", command: "npm test", required: true, timeoutSeconds: 900, junitPath: null, position: 0 },
      { name: "lint", command: "npm run lint", required: false, timeoutSeconds: 60, junitPath: null, position: 1 },
      { name: "build", command: "npm run build", required: true, timeoutSeconds: 900, junitPath: "reports/junit.xml", position: 2 },
    ]);

    const events = await prisma.auditEvent.findMany({ where: { targetType: "repository", targetId: repository.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorId: maintainer.id,
      action: "repository.created",
      data: { name, upstream: upstream.path },
    });
  });

  it("accepts a file:// URL and defaults to no checks", async () => {
    const repository = await createRepository(maintainer, input({ upstream: `file://${upstream.path}` }));
    expect(repository.checks).toEqual([]);
    expect(repository.setupCommand).toBeNull();
  });

  it("keeps the review and merge settings, with safe defaults", async () => {
    const defaults = await createRepository(maintainer, input());
    expect(defaults).toMatchObject({ requiredApprovals: 1, allowSelfApproval: false, requireUpToDate: false, deleteBranchOnMerge: true });
    const custom = await createRepository(maintainer, input({ requiredApprovals: 2, allowSelfApproval: true, requireUpToDate: true, deleteBranchOnMerge: false }));
    expect(custom).toMatchObject({ requiredApprovals: 2, allowSelfApproval: true, requireUpToDate: true, deleteBranchOnMerge: false });
    const error = await rejection(createRepository(maintainer, input({ requiredApprovals: 11 })));
    expect(error.fields).toHaveProperty("requiredApprovals");
  });

  it("takes a network policy per agents and checks (allowlist for agents by default) and validated allowed hosts", async () => {
    const defaults = await createRepository(maintainer, input());
    expect(defaults).toMatchObject({ agentNetwork: "allowlist", checkNetwork: "full", allowedHosts: [] });
    const listed = await createRepository(maintainer, input({ checkNetwork: "allowlist", allowedHosts: [" Registry.npmjs.org ", "*.example.org", "127.0.0.1:8080", "[::1]:9", "registry.npmjs.org"] }));
    expect(listed).toMatchObject({ checkNetwork: "allowlist", allowedHosts: ["registry.npmjs.org", "*.example.org", "127.0.0.1:8080", "[::1]:9"] });

    const before = await prisma.repository.count();
    const badHost = await rejection(createRepository(maintainer, input({ allowedHosts: ["ok.example", "https://evil.example/"] })));
    expect(badHost.fields).toEqual({ "allowedHosts.1": '"https://evil.example/" is not a host name, *.domain, host:port or IP address' });
    const badPolicy = await rejection(createRepository(maintainer, input({ agentNetwork: "some" as never })));
    expect(badPolicy.fields).toEqual({ agentNetwork: 'Agent network must be "off", "allowlist" or "full"' });
    expect(await prisma.repository.count()).toBe(before);
  });

  it("admins may register repositories too", async () => {
    const admin: Actor = { ...maintainer, role: "admin" };
    const repository = await createRepository(admin, input());
    expect(repository.id).toBeTruthy();
  });

  it("rejects an upstream git cannot read, on the upstream field, and stores nothing", async () => {
    const data = input({ upstream: path.join(path.dirname(upstream.path), "does-not-exist.git") });
    const error = await rejection(createRepository(maintainer, data));
    expect(error.code).toBe("validation_failed");
    expect(error.status).toBe(422);
    expect(error.fields?.upstream).toMatch(/^git cannot read the upstream: .*does-not-exist\.git.* does not appear to be a git repository/);
    expect(error.message).toBe(error.fields?.upstream);
    expect(error.fields).not.toHaveProperty("baseBranch");
    expect(await stored(data.name)).toBe(0);
    expect(await auditEventsNaming(data.name)).toBe(0);
  });

  it("rejects a base branch the upstream lacks, naming the branches it has, and stores nothing", async () => {
    const data = input({ baseBranch: "release" });
    const error = await rejection(createRepository(maintainer, data));
    expect(error.code).toBe("validation_failed");
    expect(error.fields?.baseBranch).toBe('The upstream has no branch "release" (it has develop, main).');
    expect(error.fields).not.toHaveProperty("upstream");
    expect(await stored(data.name)).toBe(0);
    expect(await auditEventsNaming(data.name)).toBe(0);
  });

  it("says when the upstream has no branches at all", async () => {
    const data = input({ upstream: emptyUpstream.path });
    const error = await rejection(createRepository(maintainer, data));
    expect(error.fields?.baseBranch).toBe('The upstream has no branch "main" (it has no branches yet).');
    expect(await stored(data.name)).toBe(0);
  });

  it.each([
    ["operator", "forbidden"],
    ["viewer", "forbidden"],
    ["nobody", "unauthorized"],
  ] as const)("refuses %s (%s) and stores nothing", async (who, code) => {
    const actor = who === "operator" ? operator : who === "viewer" ? viewer : null;
    const data = input();
    const error = await rejection(createRepository(actor, data));
    expect(error.code).toBe(code);
    expect(await stored(data.name)).toBe(0);
    expect(await auditEventsNaming(data.name)).toBe(0);
  });

  it("rejects a second repository with the same name as a conflict on the name field", async () => {
    const first = await createRepository(maintainer, input());
    const error = await rejection(createRepository(maintainer, input({ name: first.name, baseBranch: "develop" })));
    expect(error.code).toBe("conflict");
    expect(error.status).toBe(409);
    expect(error.fields?.name).toContain(first.name);
    const stillOne = await prisma.repository.findMany({ where: { name: first.name } });
    expect(stillOne).toHaveLength(1);
    expect(stillOne[0]!.baseBranch).toBe("main");
  });

  it("reports a conflict, not a server error, when the same name is registered twice at once", async () => {
    const name = uniqueName("repo");
    const results = await Promise.allSettled([
      createRepository(maintainer, input({ name })),
      createRepository(maintainer, input({ name })),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const [failure] = results.filter((result): result is PromiseRejectedResult => result.status === "rejected");
    expect(failure?.reason).toBeInstanceOf(AppError);
    expect((failure?.reason as AppError).code).toBe("conflict");
    expect(await stored(name)).toBe(1);
  });

  it.each([
    [{ name: "has space" }, "name"],
    [{ name: "-leading-dash" }, "name"],
    [{ name: "" }, "name"],
    [{ upstream: "relative/path" }, "upstream"],
    [{ upstream: "/tmp/a\nb" }, "upstream"],
    [{ baseBranch: "a..b" }, "baseBranch"],
    [{ baseBranch: "has space" }, "baseBranch"],
    [{ checks: [{ name: "test", command: "a" }, { name: "test", command: "b" }] }, "checks"],
    [{ checks: [{ name: "bad name", command: "a" }] }, "checks.0.name"],
    [{ checks: [{ name: "t", command: "a", timeoutSeconds: 5 }] }, "checks.0.timeoutSeconds"],
  ])("rejects invalid input %j on field %s before touching git", async (overrides, field) => {
    const data = input({ upstream: "/nonexistent/never-probed.git", ...overrides });
    const error = await rejection(createRepository(maintainer, data));
    expect(error.code).toBe("validation_failed");
    expect(Object.keys(error.fields ?? {})).toEqual([field]);
  });
});

describe("updateRepository", () => {
  async function registered() {
    return createRepository(
      maintainer,
      input({
        setupCommand: "npm ci",
        checks: [
          { name: "test", command: "npm test" },
          { name: "lint", command: "npm run lint" },
        ],
      }),
    );
  }

  it("changes only the fields given: the others, checks included, keep their values", async () => {
    const repository = await registered();
    const updated = await updateRepository(maintainer, repository.id, { requiredApprovals: 2, allowedHosts: ["registry.npmjs.org"] });
    expect(updated).toMatchObject({ name: repository.name, upstream: repository.upstream, setupCommand: "npm ci", requiredApprovals: 2, allowedHosts: ["registry.npmjs.org"], agentNetwork: "allowlist" });
    expect(updated.checks.map((check) => check.name)).toEqual(["test", "lint"]);
    const refused = await rejection(updateRepository(maintainer, repository.id, { requiredApprovals: 99 }));
    expect(refused.fields).toHaveProperty("requiredApprovals");
    expect((await prisma.repository.findUniqueOrThrow({ where: { id: repository.id } })).requiredApprovals).toBe(2);
  });

  it("replaces the configuration and the checks, and records who did it", async () => {
    const repository = await registered();
    const newName = uniqueName("renamed");
    const updated = await updateRepository(maintainer, repository.id, {
      name: newName,
      upstream: upstream.path,
      baseBranch: "develop",
      checkNetwork: false,
      setupCommand: null,
      checks: [
        { name: "build", command: "make" },
        { name: "test", command: "make test", required: false },
      ],
    });
    expect(updated).toMatchObject({ id: repository.id, name: newName, baseBranch: "develop", checkNetwork: "off", setupCommand: null });
    expect(updated.checks.map((check) => [check.name, check.command, check.required, check.position])).toEqual([
      ["build", "make", true, 0],
      ["test", "make test", false, 1],
    ]);
    expect(await prisma.checkCommand.count({ where: { repositoryId: repository.id } })).toBe(2);

    const events = await prisma.auditEvent.findMany({
      where: { targetType: "repository", targetId: repository.id },
      orderBy: { id: "asc" },
    });
    expect(events.map((event) => [event.action, event.actorId])).toEqual([
      ["repository.created", maintainer.id],
      ["repository.updated", maintainer.id],
    ]);
    expect(events[1]!.data).toEqual({ name: newName });
  });

  it("keeps its own name without a conflict", async () => {
    const repository = await registered();
    const updated = await updateRepository(maintainer, repository.id, input({ name: repository.name, checks: [] }));
    expect(updated.name).toBe(repository.name);
    expect(updated.checks).toEqual([]);
  });

  it("does not ask git again when upstream and base branch are unchanged", async () => {
    const gone = await createBareGitRepo(["main"]);
    const repository = await createRepository(maintainer, input({ upstream: gone.path }));
    await gone.remove();
    const updated = await updateRepository(maintainer, repository.id, input({ name: repository.name, upstream: gone.path, agentNetwork: false }));
    expect(updated.agentNetwork).toBe("off");
  });

  it("probes a changed upstream and leaves everything as it was when git cannot read it", async () => {
    const repository = await registered();
    const error = await rejection(
      updateRepository(maintainer, repository.id, input({ name: repository.name, upstream: "/nonexistent/upstream.git" })),
    );
    expect(error.code).toBe("validation_failed");
    expect(error.fields?.upstream).toMatch(/^git cannot read the upstream/);
    const unchanged = await prisma.repository.findUniqueOrThrow({ where: { id: repository.id }, include: { checks: true } });
    expect(unchanged.upstream).toBe(upstream.path);
    expect(unchanged.setupCommand).toBe("npm ci");
    expect(unchanged.checks).toHaveLength(2);
  });

  it("probes a changed base branch", async () => {
    const repository = await registered();
    const error = await rejection(updateRepository(maintainer, repository.id, input({ name: repository.name, baseBranch: "nope" })));
    expect(error.fields?.baseBranch).toMatch(/no branch "nope"/);
    expect((await prisma.repository.findUniqueOrThrow({ where: { id: repository.id } })).baseBranch).toBe("main");
  });

  it("refuses a name another repository has", async () => {
    const [first, second] = await Promise.all([registered(), registered()]);
    const error = await rejection(updateRepository(maintainer, second.id, input({ name: first.name })));
    expect(error.code).toBe("conflict");
    expect(error.fields).toHaveProperty("name");
    expect((await prisma.repository.findUniqueOrThrow({ where: { id: second.id } })).name).toBe(second.name);
  });

  it("answers not_found for an unknown repository", async () => {
    const error = await rejection(updateRepository(maintainer, "no-such-repository", input()));
    expect(error.code).toBe("not_found");
  });

  it("refuses an operator and changes nothing", async () => {
    const repository = await registered();
    const error = await rejection(updateRepository(operator, repository.id, input({ name: repository.name, checks: [] })));
    expect(error.code).toBe("forbidden");
    expect(await prisma.checkCommand.count({ where: { repositoryId: repository.id } })).toBe(2);
  });
});
