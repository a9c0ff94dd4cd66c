// The people around a task: its author asks a maintainer for a review; the maintainer finds it under
// "Waiting for my review" and in the bell, approves on the diff page, and the author merges. The task
// page's panels follow one live feed with what blocks the merge in one line; the dashboard filters as
// you type and shows a board; a failing required check reads checks_failed everywhere.
import { api, openDiff, createRepository, createUser, e2e, expect, signIn, test, tokenFor, unique } from "./fixtures";
import type { Page } from "@playwright/test";

async function waitForStatus(taskId: string, status: string) {
  await expect.poll(async () => (await api("GET", `/api/v1/tasks/${taskId}`)).body.status, { timeout: 60_000 }).toBe(status);
}

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test("review request → the reviewer's queue and bell → approve on the diff page → merge", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const repository = await createRepository([{ name: "test", command: "test -s notes.txt", required: true }]);
  const name = unique("Asked review");
  const { body: task } = await api("POST", "/api/v1/tasks", {
    body: { repositoryId: repository.id, name, goal: "Write notes.", agent: { kind: "script", script: "echo noted > notes.txt" } },
  });
  const reviewer = await createUser("maintainer");

  // The author (the admin) spawns the agent on the task page and watches its panels follow the feed.
  await signIn(page, e2e.adminEmail, e2e.adminPassword);
  await page.goto(`/tasks/${task.id}`);
  await expect(page.getByTestId("merge-blockers")).toContainText("No run has pushed a commit yet");
  await page.getByRole("button", { name: "Spawn agent" }).click();
  await expect(page.getByTestId("task-status")).toHaveAttribute("data-status", "ready_for_review", { timeout: 60_000 });
  await expect(page.getByTestId("merge-box").locator('[data-key="checks"]')).toHaveAttribute("data-state", "met");
  await expect(page.getByTestId("merge-blockers-text")).toContainText("Needs 1 approval");
  // A short log takes the room it needs, not a 28 rem box.
  expect((await page.getByTestId("run-log").boundingBox())!.height).toBeLessThan(300);

  await page.getByLabel("Reviewer").selectOption({ label: reviewer.email });
  await page.getByRole("button", { name: "Request review" }).click();
  await expect(page.getByTestId("requested-reviewer").filter({ hasText: reviewer.email })).toContainText("waiting");
  const { body: requests } = await api("GET", `/api/v1/tasks/${task.id}/review-requests`);
  expect(requests.items.map((item: { reviewer: { email: string } }) => item.reviewer.email)).toEqual([reviewer.email]);

  const reviewerContext = await browser.newContext();
  const reviewerPage = await reviewerContext.newPage();
  await signIn(reviewerPage, reviewer.email, reviewer.password);
  await expect(reviewerPage.getByTestId("unread-count")).toHaveText("1");
  await reviewerPage.getByRole("button", { name: "Waiting for my review" }).click();
  await expect(reviewerPage.getByTestId("task-row")).toHaveCount(1);
  await expect(reviewerPage.getByTestId("task-row")).toContainText(name);
  await reviewerPage.getByTestId("notifications-bell").click();
  await reviewerPage.getByTestId("notification").filter({ hasText: `asked you to review “${name}”` }).click();
  await expect(reviewerPage).toHaveURL(new RegExp(`/tasks/${task.id}/diff$`));
  await expect(reviewerPage.getByTestId("unread-count")).toHaveCount(0);

  // The diff page carries the review: the head, the compact checklist, Approve and Request changes.
  await expect(reviewerPage.getByTestId("compact-checklist").locator('[data-state="met"]').first()).toBeVisible();
  await expect(reviewerPage.getByRole("button", { name: "Request changes" })).toBeVisible();
  await reviewerPage.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(reviewerPage.getByTestId("task-status")).toHaveAttribute("data-status", "approved", { timeout: 15_000 });
  await reviewerPage.goto("/?view=review_requested");
  await expect(reviewerPage.getByText("Nobody is waiting for your review.")).toBeVisible();

  // The author's page follows without a reload, then merges; the author is told of nothing they did.
  await expect(page.getByTestId("task-status")).toHaveAttribute("data-status", "approved", { timeout: 15_000 });
  await expect(page.getByTestId("merge-blockers")).toContainText("Ready to merge");
  await expect(page.getByTestId("requested-reviewer")).toContainText("approved");
  await page.getByRole("button", { name: "Merge", exact: true }).click();
  await expect(page.getByTestId("merged")).toBeVisible({ timeout: 15_000 });
  // The merged task keeps its diff, read-only.
  await openDiff(page, task.id);
  await expect(page.getByTestId("diff-totals")).toContainText("1 file changed");
  await expect(page.getByTestId("diff-file").filter({ hasText: "notes.txt" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Approve", exact: true })).toHaveCount(0);
  const { body: mine } = await api("GET", "/api/v1/notifications");
  // Told that its run succeeded; not of the merge it made itself.
  expect(mine.items.filter((item: { taskId: string }) => item.taskId === task.id).map((item: { kind: string }) => item.kind)).toEqual(["run_succeeded"]);
  await reviewerContext.close();
});

test("a failing required check reads checks_failed on the list and the task page, and its author is notified with a link to its log", async ({ page }) => {
  test.setTimeout(90_000);
  const repository = await createRepository([{ name: "lint", command: "echo 'lint: 1 problem' && exit 1", required: true }]);
  const author = await createUser("operator");
  const name = unique("Failing");
  const { body: task } = await api("POST", "/api/v1/tasks", {
    token: await tokenFor(author.email),
    body: { repositoryId: repository.id, name, goal: "Make lint fail.", agent: { kind: "script", script: "echo x > x.txt" } },
  });
  const taskId = task.id as string;
  await signIn(page, author.email, author.password);
  await page.goto(`/tasks/${taskId}`);
  await page.getByRole("button", { name: "Spawn agent" }).click();
  await expect(page.getByTestId("task-status")).toHaveAttribute("data-status", "checks_failed", { timeout: 60_000 });
  await expect(page.getByTestId("merge-blockers-text")).toContainText("lint");

  await page.goto(`/?q=${encodeURIComponent(name)}`);
  const row = page.getByTestId("task-row").filter({ hasText: name });
  await expect(row).toContainText("checks failed");
  await expect(row.getByTestId("checks-summary")).toHaveAttribute("aria-label", "0 passed, 1 failed, 0 pending");
  await expect(row.getByTestId("blocking")).toHaveText("lint failed");

  await page.getByTestId("notifications-bell").click();
  await page.getByTestId("notification").filter({ hasText: `Check “lint” failed on “${name}”` }).click();
  await expect(page).toHaveURL(new RegExp(`/tasks/${taskId}\\?check=`));
  await expect(page.getByTestId("run-log").filter({ hasText: "lint: 1 problem" })).toBeVisible({ timeout: 15_000 });
});

test("a page render that arrives late never puts back an older status than the live feed showed", async ({ page }) => {
  test.setTimeout(90_000);
  const repository = await createRepository([{ name: "test", command: "test -s notes.txt", required: true }]);
  const { body: task } = await api("POST", "/api/v1/tasks", {
    body: { repositoryId: repository.id, name: unique("Late render"), goal: "Write notes.", agent: { kind: "script", script: "echo noted > notes.txt" } },
  });
  await signIn(page, e2e.adminEmail, e2e.adminPassword);
  await page.goto(`/tasks/${task.id}`);
  // The new head makes the page render again on the server: that render is read at once but reaches
  // the page only after the checks have passed and the feed has said so.
  await page.route(`**/tasks/${task.id}**`, async (route) => {
    if (route.request().method() !== "GET" || !route.request().headers()["rsc"]) return route.continue();
    const response = await route.fetch();
    await expect.poll(async () => (await api("GET", `/api/v1/tasks/${task.id}`)).body.status, { timeout: 30_000 }).toBe("ready_for_review");
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await route.fulfill({ response }).catch(() => undefined);
  });
  await page.getByRole("button", { name: "Spawn agent" }).click();
  await expect(page.getByTestId("task-status")).toHaveAttribute("data-status", "ready_for_review", { timeout: 60_000 });
  await expect.poll(() => page.evaluate(() => performance.getEntriesByType("resource").filter((entry) => entry.name.includes("_rsc")).length), { timeout: 30_000 }).toBeGreaterThan(0);
  await page.waitForTimeout(2_000);
  await expect(page.getByTestId("task-status")).toHaveAttribute("data-status", "ready_for_review");
  await expect(page.getByTestId("checks-panel").getByRole("listitem").first()).toContainText("success");
});

test("the dashboard filters as you type, keeps the view in the address, and shows a board remembered per user", async ({ page }) => {
  const repository = await createRepository();
  const word = unique("Zebra").replace(/[^A-Za-z0-9]/g, "");
  for (const suffix of ["one", "two"]) {
    await api("POST", "/api/v1/tasks", { body: { repositoryId: repository.id, name: `${word} ${suffix}`, goal: "Be found.", agent: { kind: "script", script: "true" } } });
  }
  await signIn(page, e2e.adminEmail, e2e.adminPassword);
  await page.getByLabel("Search").fill(word);
  await expect(page.getByTestId("task-row")).toHaveCount(2);
  await expect(page).toHaveURL(new RegExp(`q=${word}`));
  await page.getByLabel("Search").fill(`${word} two`);
  await expect(page.getByTestId("task-row")).toHaveCount(1);
  await page.getByRole("button", { name: "My tasks" }).click();
  await expect(page).toHaveURL(/view=mine/);
  await expect(page.getByTestId("task-row")).toHaveCount(1);

  await page.getByRole("button", { name: "board" }).click();
  await expect(page.getByTestId("board-lane")).toHaveCount(5);
  await expect(page.getByTestId("board-lane").filter({ hasText: "Draft" }).getByTestId("board-card")).toContainText(`${word} two`);
  await page.reload();
  await expect(page.getByTestId("board-lane")).toHaveCount(5);
  await page.getByRole("button", { name: "table" }).click();
  await expect(page.getByTestId("task-row")).toHaveCount(1);
});

test("at 390 px the diff folds its file tree behind a button and nothing scrolls sideways", async ({ page }) => {
  const repository = await createRepository();
  const { body: task } = await api("POST", "/api/v1/tasks", {
    body: { repositoryId: repository.id, name: unique("Phone diff"), goal: "Change files.", agent: { kind: "script", script: "mkdir -p src/deeply/nested && echo a > src/deeply/nested/file-with-a-long-name.ts && echo b > b.txt" } },
  });
  await api("POST", `/api/v1/tasks/${task.id}/runs`);
  await waitForStatus(task.id, "ready_for_review");
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, e2e.adminEmail, e2e.adminPassword);
  await openDiff(page, task.id);
  await expect(page.getByTestId("diff-file")).toHaveCount(2);
  await expect(page.getByTestId("file-tree")).toBeHidden();
  await page.getByRole("button", { name: "Files" }).click();
  await expect(page.getByTestId("file-tree")).toBeVisible();
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  await page.goto("/");
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
});

test("the diff page does not move once it is interactive: the merge checklist arrives with the page, its conflict check filled in by the feed", async ({ page }) => {
  const repository = await createRepository([{ name: "test", command: "true", required: true }]);
  const { body: task } = await api("POST", "/api/v1/tasks", {
    body: { repositoryId: repository.id, name: unique("Steady diff"), goal: "Write lines.", agent: { kind: "script", script: "printf 'one\\ntwo\\n' > steady.txt" } },
  });
  await api("POST", `/api/v1/tasks/${task.id}/runs`);
  await waitForStatus(task.id, "ready_for_review");
  // Every layout shift, and when the diff viewer became interactive (what a person can point at).
  await page.addInitScript(() => {
    const seen = { shifts: [] as { value: number; at: number }[], interactiveAt: Number.POSITIVE_INFINITY };
    (window as unknown as { seen: typeof seen }).seen = seen;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean; startTime: number }[]) {
        if (!entry.hadRecentInput) seen.shifts.push({ value: entry.value, at: entry.startTime });
      }
    }).observe({ type: "layout-shift", buffered: true });
    new MutationObserver(() => {
      if (seen.interactiveAt === Number.POSITIVE_INFINITY && document.querySelector('[data-testid="diff-viewer"][data-interactive="true"]')) seen.interactiveAt = performance.now();
    }).observe(document, { attributes: true, childList: true, subtree: true });
  });
  await signIn(page, e2e.adminEmail, e2e.adminPassword);
  await openDiff(page, task.id);
  const checklist = page.getByTestId("compact-checklist");
  await expect(checklist.locator('[data-key="checks"]')).toHaveAttribute("data-state", "met");
  // The conflict check is the feed's answer: once it shows, the feed's snapshot has been rendered.
  await expect(checklist.locator('[data-key="mergeable"]')).toHaveAttribute("data-state", "met");
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const { shifts, interactiveAt } = await page.evaluate(() => (window as unknown as { seen: { shifts: { value: number; at: number }[]; interactiveAt: number } }).seen);
  expect(shifts.filter((shift) => shift.at >= interactiveAt)).toEqual([]);
});

test("on the diff a hovered line offers +, shift-click makes a range, and a comment carries a suggestion and takes replies", async ({ page }) => {
  const repository = await createRepository();
  const { body: task } = await api("POST", "/api/v1/tasks", {
    body: { repositoryId: repository.id, name: unique("Threads"), goal: "Write lines.", agent: { kind: "script", script: "printf 'alpha\\nbeta\\ngamma\\ndelta\\n' > lines.txt" } },
  });
  await api("POST", `/api/v1/tasks/${task.id}/runs`);
  await waitForStatus(task.id, "ready_for_review");
  await signIn(page, e2e.adminEmail, e2e.adminPassword);
  await openDiff(page, task.id);
  const file = page.getByTestId("diff-file").filter({ hasText: "lines.txt" });
  await file.locator("tr.diff-line", { hasText: "beta" }).hover();
  await file.getByRole("button", { name: "Comment on line 2" }).click();
  await file.locator("tr.diff-line", { hasText: "gamma" }).locator("td.diff-gutter").last().click({ modifiers: ["Shift"] });
  await page.getByLabel("Comment on lines.txt lines 2–3").fill("Capitalise these.");
  await page.getByRole("button", { name: "Suggest a change" }).click();
  await expect(page.getByLabel("Suggested change")).toHaveValue("beta\ngamma");
  await page.getByLabel("Suggested change").fill("Beta\nGamma");
  await page.getByRole("button", { name: "Comment", exact: true }).click();
  const thread = page.getByTestId("comment-thread").filter({ hasText: "Capitalise these." });
  await expect(thread).toContainText("lines 2–3");
  await expect(thread.getByTestId("suggestion")).toContainText("Beta\nGamma");
  await expect(thread).toContainText(e2e.adminEmail);

  await thread.getByRole("button", { name: "Reply" }).click();
  await page.getByLabel(`Reply to ${e2e.adminEmail}`).fill("Only the first letter.");
  await page.getByRole("button", { name: "Reply", exact: true }).click();
  await expect(thread.getByTestId("diff-comment")).toHaveCount(2);
  const { body: comments } = await api("GET", `/api/v1/tasks/${task.id}/comments`);
  expect(comments.items.map((comment: { startLine: number | null; line: number; suggestion: string | null; parentId: string | null }) => [comment.startLine, comment.line, comment.suggestion, comment.parentId !== null])).toEqual([
    [2, 3, "Beta\nGamma", false],
    [2, 3, null, true],
  ]);
});

test("viewed files survive a reload and reset when a new head changes them; a reviewer sees only the changes since their review", async ({ page }) => {
  test.setTimeout(120_000);
  const repository = await createRepository();
  // Each run rewrites changing.txt and leaves stable.txt alone after the first.
  const script = "echo \"run $(ls runs 2>/dev/null | wc -l)\" > changing.txt; mkdir -p runs; touch runs/$(date +%s%N); [ -f stable.txt ] || echo stable > stable.txt";
  const { body: task } = await api("POST", "/api/v1/tasks", { body: { repositoryId: repository.id, name: unique("Viewed"), goal: "Change twice.", agent: { kind: "script", script } } });
  await api("POST", `/api/v1/tasks/${task.id}/runs`);
  await waitForStatus(task.id, "ready_for_review");
  const reviewer = await createUser("maintainer");
  await signIn(page, reviewer.email, reviewer.password);
  await openDiff(page, task.id);
  await page.getByLabel("Viewed changing.txt").check();
  await page.getByLabel("Viewed stable.txt").check();
  await expect(page.getByTestId("viewed-count")).toHaveText(/^2 of \d+ viewed$/);
  await page.reload();
  await expect(page.getByLabel("Viewed stable.txt")).toBeChecked();
  await expect(page.getByLabel("Viewed changing.txt")).toBeChecked();

  // Keyboard only: the first file's first changed line, a comment on it, then the review summary.
  await page.keyboard.press("j");
  await page.keyboard.press("k");
  await page.getByLabel("Viewed changing.txt").uncheck();
  await expect(page.getByTestId("diff-file").filter({ hasText: "changing.txt" }).locator("tr.diff-line").first()).toBeVisible();
  await page.locator("body").click({ position: { x: 1, y: 1 } });
  await page.keyboard.press("n");
  await expect(page.getByTestId("diff-announcement")).toHaveText("changing.txt, added line 1");
  await page.keyboard.press("c");
  await page.getByLabel("Comment on changing.txt line 1").fill("Say which run, please.");
  await page.getByRole("button", { name: "Comment", exact: true }).click();
  await expect(page.getByTestId("comment-thread").filter({ hasText: "Say which run, please." })).toBeVisible();
  await page.locator("body").click({ position: { x: 1, y: 1 } });
  await page.keyboard.press("r");
  await expect(page.getByLabel("Review summary")).toBeFocused();
  await page.keyboard.type("Run it again.");
  await page.getByRole("button", { name: "Request changes" }).click();
  await waitForStatus(task.id, "ready_for_review");
  await expect.poll(async () => (await api("GET", `/api/v1/tasks/${task.id}/runs`)).body.items.length).toBe(2);

  await openDiff(page, task.id);
  await expect(page.getByLabel("Viewed stable.txt")).toBeChecked(); // unchanged since it was marked
  await expect(page.getByLabel("Viewed changing.txt")).not.toBeChecked(); // the new head changed it
  await page.getByRole("link", { name: /Show only the changes since your last review/ }).click();
  await expect(page.getByTestId("since-review")).toContainText("Showing the changes since");
  await expect(page.getByTestId("diff-file").filter({ hasText: "changing.txt" })).toHaveCount(1);
  await expect(page.getByTestId("diff-file").filter({ hasText: "stable.txt" })).toHaveCount(0);
});

test("with browser notifications turned on, a review request shows as a system notification while the tab is in the background", async ({ browser }) => {
  const repository = await createRepository();
  const { body: task } = await api("POST", "/api/v1/tasks", { body: { repositoryId: repository.id, name: unique("Background"), goal: "Be reviewed.", agent: { kind: "script", script: "echo a > a.txt" } } });
  const reviewer = await createUser("maintainer");
  const context = await browser.newContext({ permissions: ["notifications"] });
  // Record what the page hands the system, and let the test put the tab in the background.
  await context.addInitScript(() => {
    const shown: Array<{ title: string; body?: string }> = [];
    (window as unknown as { shownNotifications: typeof shown }).shownNotifications = shown;
    const Real = window.Notification;
    class Recording extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        shown.push({ title, body: options?.body });
      }
    }
    Object.defineProperty(window, "Notification", { value: Recording });
    Object.defineProperty(document, "hidden", { get: () => (window as unknown as { background?: boolean }).background === true });
  });
  const page = await context.newPage();
  await signIn(page, reviewer.email, reviewer.password);
  await page.getByTestId("notifications-bell").click();
  await page.getByRole("button", { name: "Also notify me in the browser when this tab is in the background" }).click();
  await expect(page.getByRole("button", { name: "Turn off browser notifications" })).toBeVisible();
  await page.evaluate(() => ((window as unknown as { background: boolean }).background = true));

  await api("POST", `/api/v1/tasks/${task.id}/review-requests`, { body: { userIds: [reviewer.id] } });
  await expect(page.getByTestId("unread-count")).toHaveText("1");
  await expect.poll(() => page.evaluate(() => (window as unknown as { shownNotifications: Array<{ body?: string }> }).shownNotifications.map((shown) => shown.body))).toEqual([
    expect.stringMatching(new RegExp(` asked you to review “${task.name}”$`)),
  ]);
  await context.close();
});

test("a task is closed with a reason and reopened from its page", async ({ page }) => {
  const repository = await createRepository();
  const { body: task } = await api("POST", "/api/v1/tasks", { body: { repositoryId: repository.id, name: unique("Closable"), goal: "Maybe later.", agent: { kind: "script", script: "true" } } });
  await signIn(page, e2e.adminEmail, e2e.adminPassword);
  await page.goto(`/tasks/${task.id}`);
  await page.getByRole("button", { name: "Close task…" }).click();
  await page.getByRole("button", { name: "Close task", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Reason is required" })).toBeVisible();
  await page.getByLabel("Why close it?").fill("Not needed any more.");
  await page.getByRole("button", { name: "Close task", exact: true }).click();
  await expect(page.getByTestId("task-status")).toHaveAttribute("data-status", "closed");
  await expect(page.getByRole("button", { name: "Spawn agent" })).toHaveCount(0);
  await page.getByRole("button", { name: "Reopen task" }).click();
  await expect(page.getByTestId("task-status")).toHaveAttribute("data-status", "draft");
  await expect(page.getByRole("button", { name: "Spawn agent" })).toBeEnabled();
});
