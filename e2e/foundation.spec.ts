// The foundation, driven like a person in Chromium: sign in, register a repository, write a task spec
// (with a field error on the way), what a viewer may not do, and personal API tokens.
import path from "node:path";
import {
  api,
  createRepository,
  createUser,
  e2e,
  expect,
  makeUpstreamRepo,
  signIn,
  taskCount,
  test,
  unique,
} from "./fixtures";

/** A lowercase alphanumeric id, so a name built from it has a predictable slug. */
function slugId(): string {
  return unique("x").replaceAll("-", "").slice(1);
}

test("an admin signs in with the form and the navigation shows who they are", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin/);
  await signIn(page, e2e.adminEmail, e2e.adminPassword);

  await expect(page).toHaveURL(new URL("/", e2e.baseURL).href);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByTestId("current-user")).toHaveText(`${e2e.adminEmail} · admin`);
  for (const label of ["Dashboard", "New task", "Repositories", "Settings", "Users"]) {
    await expect(nav.getByRole("link", { name: label, exact: true })).toBeVisible();
  }
  await expect(page.getByRole("heading", { level: 1, name: "Tasks" })).toBeVisible();
});

test("an admin registers a repository through the form; a wrong upstream is refused with a field error", async ({ page }) => {
  const name = unique("web-app");
  const upstream = await makeUpstreamRepo();
  await signIn(page, e2e.adminEmail, e2e.adminPassword);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Repositories", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Repositories" })).toBeVisible();
  await page.getByRole("link", { name: "Register repository" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Register a repository" })).toBeVisible();

  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Upstream", { exact: true }).fill(path.join(e2e.root, "no-such-upstream.git"));
  await page.getByLabel("Base branch", { exact: true }).fill("main");
  await page.getByRole("button", { name: "Add check" }).click();
  await page.getByLabel("Check 1 name").fill("test");
  await page.getByLabel("Check 1 command").fill("npm test");
  // Agents reach only listed hosts by default; checks get the allowlist too, with the registry listed.
  await expect(page.getByLabel("Agent network")).toHaveValue("allowlist");
  await page.getByLabel("Check network").selectOption({ label: "Allowed hosts only" });
  await page.getByLabel("Allowed hosts").fill("registry.npmjs.org\nhttps://evil.example/");

  // An allowed host that is a URL: refused under its field, nothing registered.
  await page.getByRole("button", { name: "Register repository" }).click();
  await expect(page.locator("#repo-allowed-hosts-error")).toContainText('"https://evil.example/" is not a host name, *.domain, host:port or IP address');
  await page.getByLabel("Allowed hosts").fill("registry.npmjs.org\n*.githubusercontent.com");

  // A path git cannot read: the server's message shows under the Upstream field.
  await page.getByRole("button", { name: "Register repository" }).click();
  const upstreamError = page.locator("#repo-upstream-error");
  await expect(upstreamError).toHaveAttribute("role", "alert");
  await expect(upstreamError).toContainText("git cannot read the upstream");
  await expect(page.getByLabel("Upstream", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(/\/repositories\/new$/);
  const afterError = await api<{ items: Array<{ name: string }> }>("GET", "/api/v1/repositories");
  expect(afterError.body.items.map((repository) => repository.name)).not.toContain(name);

  // The real bare repository: registered, and the browser lands on its page.
  await page.getByLabel("Upstream", { exact: true }).fill(upstream);
  await page.getByRole("button", { name: "Register repository" }).click();
  await expect(page).toHaveURL(/\/repositories\/(?!new$)[^/]+$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByLabel("Upstream", { exact: true })).toHaveValue(upstream);
  await expect(page.getByLabel("Check 1 name")).toHaveValue("test");

  const repositoryId = page.url().split("/").at(-1);
  const { status, body } = await api("GET", `/api/v1/repositories/${repositoryId}`);
  expect(status).toBe(200);
  expect(body).toMatchObject({
    name,
    upstream,
    baseBranch: "main",
    checks: [{ name: "test", command: "npm test", required: true }],
    agentNetwork: "allowlist",
    checkNetwork: "allowlist",
    allowedHosts: ["registry.npmjs.org", "*.githubusercontent.com"],
  });
});

test("an admin writes a task spec: branch from the name, live prompt preview, a branch error, then the task", async ({ page }) => {
  const repository = await createRepository();
  const id = slugId();
  const name = `Add greeting ${id}`;
  const branch = `feature/add-greeting-${id}`;
  const goal = `Add a greet(name) function that returns "Hello, <name>!" (${id}).`;

  await signIn(page, e2e.adminEmail, e2e.adminPassword);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "New task", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New task" })).toBeVisible();

  await page.getByLabel("Repository", { exact: true }).selectOption({ label: repository.name });
  const preview = page.getByTestId("prompt-preview");
  await expect(preview).toContainText(repository.name);

  await page.getByLabel("Name", { exact: true }).fill(name);
  await expect(page.getByLabel("Branch", { exact: true })).toHaveValue(branch);
  await expect(preview).toContainText(branch);

  await page.getByLabel("Goal", { exact: true }).fill(goal);
  await expect(preview).toContainText(goal);

  await page.getByRole("button", { name: "Add file" }).click();
  await page.getByLabel("File 1 path").fill("src/greeting.ts");
  await page.getByLabel("File 1 change").fill("Export greet(name)");
  await expect(preview).toContainText("src/greeting.ts");
  await expect(preview).toContainText("Export greet(name)");

  await expect(page.getByLabel("Agent kind")).toHaveValue("script");
  await page.getByLabel("Script", { exact: true }).fill("echo hello");
  await expect(page.getByLabel("Timeout (seconds)")).toHaveValue("300");
  await page.getByLabel("Budget, USD (optional)").fill("2.5");

  // An invalid branch: the server refuses it, the error shows under the field, nothing is created.
  await page.getByLabel("Branch", { exact: true }).fill("feature/bad branch");
  await page.getByRole("button", { name: "Create task" }).click();
  const branchError = page.locator("#branch-error");
  await expect(branchError).toHaveAttribute("role", "alert");
  await expect(branchError).toContainText("Branch is not a valid git branch name");
  await expect(page.getByLabel("Branch", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(/\/tasks\/new$/);
  await page.screenshot({ path: "/tmp/e2e-form.png", fullPage: true });
  expect(await taskCount(repository.id)).toBe(0);

  // Fixed: the task is created and the browser lands on its page.
  await page.getByLabel("Branch", { exact: true }).fill(branch);
  await page.getByRole("button", { name: "Create task" }).click();
  await expect(page).toHaveURL(/\/tasks\/(?!new$)[^/]+$/);
  const heading = page.getByRole("heading", { level: 1, name });
  await expect(heading).toBeVisible();
  await expect(heading.locator("xpath=..").getByText("draft", { exact: true })).toBeVisible();
  await expect(page.getByText(branch, { exact: true })).toBeVisible();
  await expect(page.getByText("echo hello", { exact: true })).toBeVisible();
  await expect(page.getByTestId("task-spend")).toHaveText("Spent $0.00 of $2.50");
  expect(await taskCount(repository.id)).toBe(1);

  // The dashboard lists it.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard", exact: true }).click();
  const row = page.getByRole("table", { name: "Tasks" }).getByRole("row").filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole("link", { name })).toBeVisible();
  await expect(row).toContainText(repository.name);
  await expect(row).toContainText(branch);
  await expect(row).toContainText("draft");
});

test("a viewer cannot create tasks: no New task link or button, /tasks/new is not allowed, the API answers 403", async ({ browser }) => {
  const viewer = await createUser("viewer");
  const repository = await createRepository();
  const before = await taskCount();

  const context = await browser.newContext({ baseURL: e2e.baseURL });
  try {
    const page = await context.newPage();
    await signIn(page, viewer.email, viewer.password);
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByTestId("current-user")).toHaveText(`${viewer.email} · viewer`);
    await expect(page.getByRole("heading", { level: 1, name: "Tasks" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Dashboard", exact: true })).toBeVisible();
    await expect(page.getByRole("link", { name: "New task" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "New task" })).toHaveCount(0);
    await expect(nav.getByRole("link", { name: "Users", exact: true })).toHaveCount(0);

    await page.goto("/tasks/new");
    await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Create task" })).toHaveCount(0);

    // The viewer makes a personal token on the Settings page...
    await nav.getByRole("link", { name: "Settings", exact: true }).click();
    await page.getByLabel("Token name").fill("viewer script");
    await page.getByRole("button", { name: "Create token" }).click();
    const token = await page.getByTestId("new-token-value").inputValue();
    expect(token.length).toBeGreaterThan(20);

    // ...which reads tasks but cannot create one.
    expect((await api("GET", "/api/v1/tasks", { token })).status).toBe(200);
    const refused = await api<{ error: { code: string } }>("POST", "/api/v1/tasks", {
      token,
      body: {
        repositoryId: repository.id,
        name: "Viewer task",
        goal: "Should never exist",
        agent: { kind: "script", script: "echo hello" },
      },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("forbidden");
    expect(await taskCount()).toBe(before);
    expect(await taskCount(repository.id)).toBe(0);
  } finally {
    await context.close();
  }
});

test("settings: an API token made in the UI is shown once and works against the API", async ({ page, request }) => {
  const tokenName = unique("ci");
  await signIn(page, e2e.adminEmail, e2e.adminPassword);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  await expect(page.getByTestId("account-email")).toHaveText(e2e.adminEmail);

  await page.getByLabel("Token name").fill(tokenName);
  await page.getByRole("button", { name: "Create token" }).click();
  const notice = page.getByTestId("new-token-notice");
  await expect(notice).toContainText(`Token “${tokenName}” created`);
  await expect(notice).toContainText("it will not be shown again");
  const token = await page.getByTestId("new-token-value").inputValue();
  expect(token.length).toBeGreaterThan(20);
  await expect(page.getByTestId("new-token-curl")).toContainText(`Bearer ${token}`);
  await expect(page.getByTestId("api-token-row").filter({ hasText: tokenName })).toHaveCount(1);

  const response = await request.get("/api/v1/tasks", { headers: { authorization: `Bearer ${token}` } });
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ page: 1, items: expect.any(Array) });

  // Shown once: after a reload only the prefix remains.
  await page.reload();
  await expect(page.getByTestId("api-token-row").filter({ hasText: tokenName })).toHaveCount(1);
  await expect(page.getByTestId("new-token-notice")).toHaveCount(0);
  expect(await page.content()).not.toContain(token);
});

test("a spec pasted as Markdown fills the form, says what did not map, and the task exports it back", async ({ page }) => {
  const repository = await createRepository();
  const id = slugId();
  const markdown = [
    `## Task: Paste ${id}`,
    `**Branch:** feature/paste-${id}`,
    "**Goal:** Add a greet(name) function.",
    "**Files to modify:**",
    "- `src/greet.ts` — export greet(name)",
    "**Acceptance Criteria:**",
    "- [ ] Tests pass",
    "**Reviewers:** alice",
    "**Context:**",
    "Keep it small.",
  ].join("\n");

  await signIn(page, e2e.adminEmail, e2e.adminPassword);
  await page.goto("/tasks/new");
  await page.getByLabel("Repository", { exact: true }).selectOption({ label: repository.name });
  await page.getByRole("button", { name: "Paste Markdown" }).click();
  await page.getByLabel("Markdown", { exact: true }).fill(markdown);
  await page.getByRole("button", { name: "Fill the form" }).click();

  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(`Paste ${id}`);
  await expect(page.getByLabel("Branch", { exact: true })).toHaveValue(`feature/paste-${id}`);
  await expect(page.getByLabel("Goal", { exact: true })).toHaveValue("Add a greet(name) function.");
  await expect(page.getByLabel("Context", { exact: true })).toHaveValue("Keep it small.");
  await expect(page.getByLabel("File 1 path")).toHaveValue("src/greet.ts");
  await expect(page.getByLabel("Criterion 1", { exact: true })).toHaveValue("Tests pass");
  await expect(page.getByRole("status")).toContainText('Line 8: **Reviewers:** alice — "Reviewers" is not a part of a task spec');
  await expect(page.getByTestId("prompt-preview")).toContainText("Keep it small.");

  await page.getByLabel("Script", { exact: true }).fill("echo hello");
  await page.getByRole("button", { name: "Create task" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Paste ${id}` })).toBeVisible();
  await expect(page.getByText("Keep it small.", { exact: true })).toBeVisible();
  const exported = await page.request.get((await page.getByRole("link", { name: "Spec as Markdown" }).getAttribute("href"))!);
  expect(exported.headers()["content-type"]).toContain("text/markdown");
  const text = await exported.text();
  expect(text).toContain(`## Task: Paste ${id}`);
  expect(text).toContain("- `src/greet.ts` — export greet(name)");
  expect(text).toContain("**Context:**\nKeep it small.");
});
