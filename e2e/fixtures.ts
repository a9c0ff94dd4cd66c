// Helpers for the end-to-end tests. playwright.config.ts publishes the run's settings through the
// environment (E2E_ROOT, E2E_DATA_DIR, E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD, E2E_BASE_URL); the web
// server under test uses the same DATA_DIR, so `npm run token` reaches its embedded database.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { expect, type Page } from "@playwright/test";

export { expect, test } from "@playwright/test";

const run = promisify(execFile);

function setting(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests with \`npx playwright test\` (playwright.config.ts sets it).`);
  return value;
}

export const e2e = {
  get root() {
    return setting("E2E_ROOT");
  },
  get dataDir() {
    return setting("E2E_DATA_DIR");
  },
  get adminEmail() {
    return setting("E2E_ADMIN_EMAIL");
  },
  get adminPassword() {
    return setting("E2E_ADMIN_PASSWORD");
  },
  get baseURL() {
    return setting("E2E_BASE_URL");
  },
};

const projectDir = path.resolve(import.meta.dirname, "..");

/** A short suffix that keeps names unique across tests and runs. */
export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
}

async function git(args: string[], cwd: string): Promise<string> {
  const { stdout } = await run(
    "git",
    ["-c", "user.name=E2E Test", "-c", "user.email=e2e@e2e.test", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", ...args],
    { cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: "0" } },
  );
  return stdout.trim();
}

/** A temporary bare repository with a `main` branch holding one commit; returns its absolute path. */
export async function makeUpstreamRepo(): Promise<string> {
  const parent = path.join(e2e.root, "upstreams");
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(path.join(parent, "repo-"));
  const work = path.join(dir, "work");
  const bare = path.join(dir, "upstream.git");
  mkdirSync(work);
  await git(["init", "--quiet", "--initial-branch=main", work], dir);
  writeFileSync(path.join(work, "README.md"), "# E2E upstream\n");
  writeFileSync(path.join(work, "package.json"), `${JSON.stringify({ name: "e2e-upstream", scripts: { test: "true" } }, null, 2)}\n`);
  await git(["add", "README.md", "package.json"], work);
  await git(["commit", "--quiet", "-m", "Initial commit"], work);
  await git(["clone", "--quiet", "--bare", work, bare], dir);
  expect(await git(["rev-parse", "--abbrev-ref", "HEAD"], bare)).toBe("main");
  return bare;
}

/** A new personal API token with every scope the user's role allows, made by `npm run token` against the test DATA_DIR. */
export async function tokenFor(email: string): Promise<string> {
  const { stdout } = await run("npm", ["run", "-s", "token", "--", "--email", email, "--scopes", "all"], {
    cwd: projectDir,
    env: { ...process.env, DATA_DIR: e2e.dataDir, DATABASE_URL: "" },
  });
  const token = stdout.trim().split("\n").at(-1)?.trim();
  if (!token) throw new Error(`npm run token printed no token for ${email}`);
  return token;
}

let adminToken: Promise<string> | undefined;

/** The admin's API token (made once per worker). */
export function apiToken(): Promise<string> {
  adminToken ??= tokenFor(e2e.adminEmail).catch((error: unknown) => {
    adminToken = undefined;
    throw error;
  });
  return adminToken;
}

/** Calls the API with a bearer token (the admin's unless given); returns the status and the JSON body. */
export async function api<T = any>(
  method: string,
  urlPath: string,
  options: { body?: unknown; token?: string } = {},
): Promise<{ status: number; body: T }> {
  const token = options.token ?? (await apiToken());
  const response = await fetch(new URL(urlPath, e2e.baseURL), {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      accept: "application/json",
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

export type Role = "viewer" | "operator" | "maintainer" | "admin";

/** A new user with that role, made by the admin through POST /api/v1/users. */
export async function createUser(role: Role): Promise<{ id: string; email: string; password: string; role: Role }> {
  const email = `${unique(role)}@e2e.test`;
  const password = `pw-${randomBytes(8).toString("hex")}`;
  const { status, body } = await api("POST", "/api/v1/users", { body: { email, password, role } });
  expect(status, JSON.stringify(body)).toBe(201);
  return { id: body.id, email: body.email, password, role };
}

/** A repository registered through POST /api/v1/repositories on a fresh bare upstream. */
type CheckInput = { name: string; command: string; required?: boolean; junitPath?: string; timeoutSeconds?: number };

export async function createRepository(
  checks: CheckInput[] = [{ name: "test", command: "git log --oneline -1", required: true }],
): Promise<{ id: string; name: string; upstream: string }> {
  const upstream = await makeUpstreamRepo();
  const name = unique("repo");
  const { status, body } = await api("POST", "/api/v1/repositories", {
    body: { name, upstream, baseBranch: "main", checks },
  });
  expect(status, JSON.stringify(body)).toBe(201);
  return { id: body.id, name, upstream };
}

/** How many tasks the admin sees, optionally in one repository. */
export async function taskCount(repositoryId?: string): Promise<number> {
  const query = repositoryId ? `?repositoryId=${encodeURIComponent(repositoryId)}` : "";
  const { status, body } = await api<{ total: number }>("GET", `/api/v1/tasks${query}`);
  expect(status).toBe(200);
  return body.total;
}

/** Signs in through the real sign-in form and waits for the signed-in navigation. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("current-user")).toContainText(email, { timeout: 15_000 });
}

/**
 * Opens a task's diff and waits until it answers the pointer: its first files' lines come with the
 * page, before it hydrates, and a hover or click on them before then is lost.
 */
export async function openDiff(page: Page, taskId: string, query = ""): Promise<void> {
  await page.goto(`/tasks/${taskId}/diff${query}`);
  await expect(page.getByTestId("diff-viewer")).toHaveAttribute("data-interactive", "true");
}
