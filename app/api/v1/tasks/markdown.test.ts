// Specs as Markdown through /api/v1: a text/markdown body or JSON `markdown` in, spec.md out.
import { beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../../../../lib/auth/tokens/create-api-token.ts";
import { prisma } from "../../../../lib/db/client.ts";
import { actorOf, createTestRepository, createTestUser, uniqueName } from "../../../../lib/testing/factories.ts";
import { GET as specMarkdown } from "./[id]/spec.md/route.ts";
import { POST as postTask } from "./route.ts";

let token: string;
let repository: Awaited<ReturnType<typeof createTestRepository>>;

beforeAll(async () => {
  const operator = await createTestUser({ role: "operator" });
  token = (await createApiToken(actorOf(operator), { name: "markdown test" })).token;
  repository = await createTestRepository({
    checks: { create: [{ name: "unit", command: "npm test", position: 0 }, { name: "tsc", command: "npx tsc --noEmit", position: 1 }] },
  });
});

function spec(name: string, extra = "") {
  return `## Task: ${name}

**Branch:** feature/${name.toLowerCase()}

**Goal:** Add a dark mode toggle.

**Files to modify:**
- \`components/header.tsx\` — add the toggle

**Acceptance Criteria:**
- [ ] Tests pass
- [ ] Type check passes
- [ ] Build succeeds
${extra}`;
}

async function post(body: string, type: string, query: Record<string, string> = {}) {
  const url = new URL("http://localhost/api/v1/tasks");
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  const response = await postTask(new Request(url, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": type }, body }), { params: Promise.resolve({}) });
  return { status: response.status, body: await response.json() };
}

describe("POST /api/v1/tasks with Markdown", () => {
  it("creates the task from a text/markdown body, links criteria to the checks they speak of, and says what did not map", async () => {
    const name = uniqueName("Dark").replace(/-/g, "");
    const created = await post(spec(name, "\n**Reviewers:** alice\n"), "text/markdown; charset=utf-8", { repositoryId: repository.id, agent: "codex", timeoutSeconds: "120" });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      name,
      branch: `feature/${name.toLowerCase()}`,
      goal: "Add a dark mode toggle.",
      files: [{ path: "components/header.tsx", change: "add the toggle" }],
      acceptanceCriteria: [{ text: "Tests pass", check: "unit" }, { text: "Type check passes", check: "tsc" }, { text: "Build succeeds" }],
      agent: { kind: "codex" },
      timeoutSeconds: 120,
      unmapped: [{ line: 15, text: "**Reviewers:** alice", reason: '"Reviewers" is not a part of a task spec' }],
    });
  });

  it("takes JSON with `markdown`, defaulting to Claude Code, and exports the same spec back as spec.md", async () => {
    const name = uniqueName("Json").replace(/-/g, "");
    const created = await post(JSON.stringify({ repositoryId: repository.id, markdown: spec(name, "\n**Context:**\nSee ```the docs```.\n") }), "application/json");
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.agent).toEqual({ kind: "claude-code", permissionMode: "acceptEdits" });
    expect(created.body.context).toBe("See ```the docs```.");

    const exported = await specMarkdown(
      new Request(`http://localhost/api/v1/tasks/${created.body.id}/spec.md`, { headers: { authorization: `Bearer ${token}` } }),
      { params: Promise.resolve({ id: created.body.id }) },
    );
    expect(exported.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    const again = await post(await exported.text(), "text/markdown", { repositoryId: repository.id });
    // The same spec, on a branch of its own (the first task still holds this one).
    expect(again.status).toBe(409);
    const stored = await prisma.task.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(stored.acceptanceCriteria).toEqual([{ text: "Tests pass", check: "unit" }, { text: "Type check passes", check: "tsc" }, { text: "Build succeeds" }]);
  });

  it("refuses bad Markdown with a 422 whose fields point at the line, and creates nothing", async () => {
    const before = await prisma.task.count({ where: { repositoryId: repository.id } });
    const noTitle = await post("Add dark mode", "text/markdown", { repositoryId: repository.id });
    expect(noTitle.status).toBe(422);
    expect(noTitle.body.error.fields).toEqual({ name: 'Line 1: a spec starts with "## Task: <name>".' });

    const badPath = await post("## Task: T\n**Goal:** g\n**Files to modify:**\n- `../etc/passwd` — read it", "text/markdown", { repositoryId: repository.id });
    expect(badPath.status).toBe(422);
    expect(badPath.body.error.fields).toEqual({ "files.0.path": 'Line 4: Path must not contain ".."' });

    const badCheck = await post("## Task: T\n**Goal:** g\n**Acceptance Criteria:**\n- [ ] Lint (check: `lint`)", "text/markdown", { repositoryId: repository.id });
    expect(badCheck.status).toBe(422);
    expect(badCheck.body.error.fields["acceptanceCriteria.0.check"]).toMatch(/^Line 4: No check named "lint"/);

    const noRepository = await post(spec("Orphan"), "text/markdown");
    expect(noRepository.status).toBe(422);
    expect(noRepository.body.error.fields).toEqual({ repositoryId: "Repository is required" });

    const badAgent = await post(spec("Agentless"), "text/markdown", { repositoryId: repository.id, agent: "docker", timeoutSeconds: "soon" });
    expect(badAgent.status).toBe(422);
    expect(Object.keys(badAgent.body.error.fields).sort()).toEqual(["agent.kind", "timeoutSeconds"]);
    expect(await prisma.task.count({ where: { repositoryId: repository.id } })).toBe(before);
  });
});
