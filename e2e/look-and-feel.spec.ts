// What a new user sees before anything works for them: the app's icon and page titles, a 404 in the
// app's style, pages that fit a phone, a dark theme that follows the browser or the switch, controls
// of sensible widths, a confirmed repository registration, and a Spawn button that says why it waits.
import { api, openDiff, createRepository, e2e, expect, makeUpstreamRepo, signIn, test, unique } from "./fixtures";
import type { Page } from "@playwright/test";

async function taskWithRun(script = "echo made > made.txt") {
  const repository = await createRepository();
  const { body: task } = await api("POST", "/api/v1/tasks", {
    body: { repositoryId: repository.id, name: unique("Look"), goal: "Be looked at.", agent: { kind: "script", script } },
  });
  const { body: spawned } = await api("POST", `/api/v1/tasks/${task.id}/runs`);
  return { repository, task: task as { id: string; name: string }, runId: spawned.runId as string };
}

async function waitForRun(runId: string, statuses: string[]) {
  await expect.poll(async () => statuses.includes((await api("GET", `/api/v1/runs/${runId}`)).body.status), { timeout: 30_000 }).toBe(true);
}

/** A dark colour: dim, or a faint tint over what lies beneath (the dark theme's diff backgrounds). */
function isDark(color: string): boolean {
  const [r = 255, g = 255, b = 255, alpha = 1] = (color.match(/[\d.]+/g) ?? []).map(Number);
  return alpha < 0.5 || (r + g + b) / 3 < 100;
}

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test("the app's icon, manifest and per-page titles", async ({ page, request }) => {
  for (const path of ["/favicon.ico", "/icon.svg", "/apple-touch-icon.png", "/manifest.webmanifest"]) {
    expect((await request.get(path)).status(), path).toBe(200);
  }
  const { task, runId } = await taskWithRun();
  await waitForRun(runId, ["succeeded"]);
  await signIn(page, e2e.adminEmail, e2e.adminPassword);
  await expect(page).toHaveTitle("Tasks · Code Orchestrator");
  expect(await page.locator('link[rel="icon"]').count()).toBeGreaterThan(0);
  await page.goto(`/tasks/${task.id}`);
  await expect(page).toHaveTitle(`${task.name} · Task · Code Orchestrator`);
  await openDiff(page, task.id);
  await expect(page).toHaveTitle(`${task.name} · Diff · Code Orchestrator`);
});

test("an unknown page is a 404 in the app's style with a way back", async ({ page }) => {
  await signIn(page, e2e.adminEmail, e2e.adminPassword);
  const response = await page.goto("/tasks/no-such-task");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "This page does not exist" })).toBeVisible();
  await expect(page).toHaveTitle("Not found · Code Orchestrator");
  await page.getByRole("link", { name: "Go to the dashboard" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Tasks" })).toBeVisible();
});

test("at 390 px no page scrolls sideways", async ({ page }) => {
  const { repository, task, runId } = await taskWithRun();
  await waitForRun(runId, ["succeeded"]);
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, e2e.adminEmail, e2e.adminPassword);
  for (const path of ["/", `/tasks/${task.id}`, `/tasks/${task.id}/diff`, `/repositories/${repository.id}`, "/repositories", "/settings", "/admin/settings", "/tasks/new"]) {
    await page.goto(path);
    // Not "networkidle": the live pages hold event streams open (the task's feed, the bell).
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await page.waitForLoadState("load");
    expect(await horizontalOverflow(page), path).toBeLessThanOrEqual(0);
  }
});

test("dark mode follows the browser, and the theme switch overrides it and is remembered", async ({ browser }) => {
  const { task, runId } = await taskWithRun("printf 'export const answer = 42; // the answer\\n' > answer.ts");
  await waitForRun(runId, ["succeeded"]);
  const context = await browser.newContext({ colorScheme: "dark" });
  const page = await context.newPage();
  const background = (selector: string) => page.locator(selector).first().evaluate((element) => getComputedStyle(element).backgroundColor);
  await signIn(page, e2e.adminEmail, e2e.adminPassword);
  expect(await page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(true);
  expect(isDark(await background("body"))).toBe(true);
  expect(isDark(await background("section"))).toBe(true);

  await openDiff(page, task.id);
  const keyword = page.locator(".diff-code .token.keyword").first();
  await expect(keyword).toBeVisible({ timeout: 15_000 });
  const darkKeyword = await keyword.evaluate((element) => getComputedStyle(element).color);
  const inserted = await page.locator(".diff-code-insert").first().evaluate((element) => getComputedStyle(element).backgroundColor);
  expect(isDark(inserted), inserted).toBe(true);

  await page.getByLabel("Theme").selectOption("light");
  expect(await page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(false);
  const lightKeyword = await keyword.evaluate((element) => getComputedStyle(element).color);
  expect(lightKeyword).not.toBe(darkKeyword);
  expect(isDark(await page.locator(".diff-code-insert").first().evaluate((element) => getComputedStyle(element).backgroundColor))).toBe(false);
  await page.reload();
  await expect(page.getByLabel("Theme")).toHaveValue("light");
  expect(await page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(false);
  await context.close();
});

test("controls take the width their content needs", async ({ page }) => {
  const { repository, task, runId } = await taskWithRun();
  await waitForRun(runId, ["succeeded"]);
  await signIn(page, e2e.adminEmail, e2e.adminPassword);
  await page.goto(`/repositories/${repository.id}`);
  const width = async (label: string) => (await page.getByLabel(label, { exact: true }).boundingBox())!.width;
  expect(await width("Concurrent runs")).toBeLessThan(150);
  expect(await width("Timeout (s)")).toBeLessThan(150);
  expect(await width("Check 1 command")).toBeGreaterThan(await width("Timeout (s)"));
  expect(await width("Check 1 command")).toBeGreaterThan(200);
  await openDiff(page, task.id);
  expect((await page.getByLabel("Changes of").boundingBox())!.width).toBeLessThan(300);
});

test("registering a repository confirms it and offers the next step", async ({ page }) => {
  const upstream = await makeUpstreamRepo();
  const name = unique("confirmed");
  await signIn(page, e2e.adminEmail, e2e.adminPassword);
  await page.goto("/repositories/new");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Upstream", { exact: true }).fill(upstream);
  await page.getByRole("button", { name: "Register repository" }).click();
  await expect(page.getByRole("status")).toContainText("Registered");
  await page.getByRole("link", { name: `Create a task in ${name} →` }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New task" })).toBeVisible();
  await expect(page.getByLabel("Repository", { exact: true }).locator("option:checked")).toHaveText(name);
});

test("Spawn agent waits, saying why, while a run of the task is active", async ({ page }) => {
  const { task, runId } = await taskWithRun("sleep 30");
  await waitForRun(runId, ["queued", "preparing", "running"]);
  await signIn(page, e2e.adminEmail, e2e.adminPassword);
  await page.goto(`/tasks/${task.id}`);
  await expect(page.getByRole("button", { name: "Spawn agent" })).toBeDisabled();
  await expect(page.locator("#spawn-blocked")).toContainText(/^Run #1 is (queued|preparing|running): one run at a time\.$/);
  await api("POST", `/api/v1/runs/${runId}/cancel`);
  await expect(page.getByRole("button", { name: "Spawn agent" })).toBeEnabled({ timeout: 20_000 });
});

test("the author sees Approve disabled with the reason, on the task page and on the diff", async ({ page }) => {
  const { task, runId } = await taskWithRun(); // written by the admin, through the admin's token
  await waitForRun(runId, ["succeeded"]);
  await signIn(page, e2e.adminEmail, e2e.adminPassword);
  await page.goto(`/tasks/${task.id}`);
  await expect(page.getByRole("button", { name: "Approve", exact: true })).toBeDisabled();
  await expect(page.locator("#approve-blocked")).toHaveText("You wrote this task, and the repository does not allow approving your own tasks.");
  await openDiff(page, task.id);
  await expect(page.getByRole("button", { name: "Approve", exact: true })).toBeDisabled();
  await expect(page.locator("#approve-blocked")).toHaveText("You wrote this task, and the repository does not allow approving your own tasks.");
});

test("on the diff, ? lists the keyboard shortcuts and Escape closes the list", async ({ page }) => {
  const { task, runId } = await taskWithRun();
  await waitForRun(runId, ["succeeded"]);
  await signIn(page, e2e.adminEmail, e2e.adminPassword);
  await openDiff(page, task.id);
  await expect(page.getByTestId("diff-viewer")).toBeVisible();
  await page.keyboard.press("?");
  const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("Next file");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await page.getByRole("button", { name: /^Shortcuts/ }).click();
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toBeHidden();
});
