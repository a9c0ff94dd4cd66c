// Seed rows for tests. Tests share one database per project, so every row gets a unique name.
import { execFile } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { hashPassword } from "../auth/password.ts";
import type { Actor } from "../auth/permissions.ts";
import { prisma, type Prisma } from "../db/client.ts";
import type { Role } from "../generated/prisma/client.ts";

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export async function createTestUser(options: { role?: Role; email?: string; password?: string; name?: string } = {}) {
  return prisma.user.create({
    data: {
      email: options.email ?? `${uniqueName("user")}@example.test`,
      name: options.name,
      role: options.role ?? "viewer",
      passwordHash: options.password === undefined ? null : await hashPassword(options.password),
    },
  });
}

export async function createTestRepository(overrides: Partial<Prisma.RepositoryUncheckedCreateInput> = {}) {
  const name = overrides.name ?? uniqueName("repo");
  return prisma.repository.create({
    data: { name, upstream: `https://git.example.test/${name}.git`, baseBranch: "main", ...overrides },
  });
}

// ---------------------------------------------------------------------------------------------
// Actors, tasks, temp git upstreams, and turns for tests that depend on how many admins exist.

/** The Actor a service receives for a user row. */
export function actorOf(user: { id: string; email: string; name: string | null; role: Role }): Actor {
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** A user of the given role (no password, so no hashing cost) as an Actor. */
export async function createTestActor(role: Role = "viewer"): Promise<Actor> {
  return actorOf(await createTestUser({ role }));
}

export async function createTestTask(
  repository: { id: string },
  author: { id: string },
  overrides: Partial<Prisma.TaskUncheckedCreateInput> = {},
) {
  const name = overrides.name ?? uniqueName("task");
  const branch = overrides.branch ?? `feature/${name.toLowerCase()}`;
  return prisma.task.create({
    data: {
      repositoryId: repository.id,
      authorId: author.id,
      name,
      branch,
      openBranchKey: `${repository.id}:${branch}`,
      goal: "Do the thing.",
      files: [],
      acceptanceCriteria: [],
      agent: { kind: "script", script: "true" },
      ...overrides,
    },
  });
}

const runGitFile = promisify(execFile);
const GIT_IDENTITY = {
  GIT_AUTHOR_NAME: "Test",
  GIT_AUTHOR_EMAIL: "test@example.test",
  GIT_COMMITTER_NAME: "Test",
  GIT_COMMITTER_EMAIL: "test@example.test",
};

/**
 * A bare git repository in a new temp dir with one commit on each of `branches` (default: main).
 * Built with git plumbing (argument arrays, no shell). `remove()` deletes the dir.
 */
export async function createBareGitRepo(branches: string[] = ["main"]) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "orch-upstream-"));
  const gitDir = path.join(dir, "upstream.git");
  const git = async (args: string[]) =>
    (await runGitFile("git", args, { env: { ...process.env, ...GIT_IDENTITY } })).stdout.trim();
  await git(["init", "--bare", "--quiet", gitDir]);
  const tree = await git(["--git-dir", gitDir, "write-tree"]);
  const commit = await git(["--git-dir", gitDir, "commit-tree", tree, "-m", "Initial commit"]);
  for (const branch of branches) await git(["--git-dir", gitDir, "update-ref", `refs/heads/${branch}`, commit]);
  return { path: gitDir, commit, remove: () => rm(dir, { recursive: true, force: true }) };
}

const ADMIN_TURN_STALE_MS = 120_000;

function adminTurnDir(): string {
  const database = process.env.DATABASE_URL || process.env.DATA_DIR || "default";
  const digest = createHash("sha256").update(database).digest("hex").slice(0, 16);
  return path.join(os.tmpdir(), `orch-test-admin-turn-${digest}`);
}

async function takeAdminTurn(): Promise<string> {
  const dir = adminTurnDir();
  for (;;) {
    try {
      await mkdir(dir);
      return dir;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const age = await stat(dir).then((info) => Date.now() - info.mtimeMs, () => 0);
      if (age > ADMIN_TURN_STALE_MS) await rm(dir, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/**
 * Runs `body` while no other test of this database's project holds the turn, for tests that create
 * admins or need to know how many there are (ensureInitialAdmin, "the last active admin"). Every admin
 * that appears during `body` is demoted to viewer afterwards, so outside these turns the database
 * holds no admin at all. Test files run in parallel worker processes; the turn is a directory lock.
 */
export async function withAdminTurn<T>(body: () => Promise<T>): Promise<T> {
  const dir = await takeAdminTurn();
  try {
    const before = new Set((await prisma.user.findMany({ where: { role: "admin" }, select: { id: true } })).map((u) => u.id));
    try {
      return await body();
    } finally {
      await prisma.user.updateMany({ where: { role: "admin", id: { notIn: [...before] } }, data: { role: "viewer" } });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
