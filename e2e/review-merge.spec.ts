// A maintainer reviews the branch diff, comments on a line and requests changes; the next run gets
// the comment in its prompt; after green checks they approve and merge, and the upstream base has the
// change. A second browser still showing the old head is told the head moved.
import { execFileSync } from "node:child_process";
import { api, openDiff, createRepository, createUser, e2e, expect, signIn, test, unique } from "./fixtures";

const AGENT = [
  'grep -q "Please number the lines." "$ORCH_PROMPT_FILE" && echo "feedback received: Please number the lines."',
  "if [ -f feature.txt ]; then printf '1. one\\n2. two\\n3. three\\n' > feature.txt; else printf 'one\\ntwo\\nthree\\n' > feature.txt; fi",
].join("\n");

async function waitFor<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

test("review, feedback run, approval and a guarded merge", async ({ page, browser }) => {
  test.setTimeout(150_000);
  const repository = await createRepository([{ name: "test", command: "test -s feature.txt && cat feature.txt", required: true }]);
  const { body: task } = await api("POST", "/api/v1/tasks", {
    body: { repositoryId: repository.id, name: unique("Reviewed task"), goal: "Write feature.txt.", acceptanceCriteria: [{ text: "Tests pass", check: "test" }], agent: { kind: "script", script: AGENT } },
  });
  await api("POST", `/api/v1/tasks/${task.id}/runs`);
  const first = await waitFor(() => api("GET", `/api/v1/tasks/${task.id}`), ({ body }) => body.status === "ready_for_review", "the first run and its checks");
  const firstHead = first.body.headSha as string;

  const maintainer = await createUser("maintainer");
  const other = await createUser("maintainer");
  const second = await browser.newContext();
  const stale = await second.newPage();
  await signIn(stale, other.email, other.password);
  await stale.goto(`/tasks/${task.id}`);
  await expect(stale.getByTestId("merge-box")).toBeVisible();

  await signIn(page, maintainer.email, maintainer.password);
  await openDiff(page, task.id);
  const file = page.getByTestId("diff-file").filter({ hasText: "feature.txt" });
  await expect(file.getByText("added")).toBeVisible();
  await file.locator("tr.diff-line", { hasText: "two" }).locator("td.diff-gutter").last().click();
  await page.getByLabel("Comment on feature.txt line 2").fill("Please number the lines.");
  await page.getByRole("button", { name: "Comment", exact: true }).click();
  await expect(page.getByTestId("diff-comment").filter({ hasText: "Please number the lines." })).toBeVisible();
  await page.keyboard.press("v"); // split view, from the keyboard
  await expect(page.getByRole("button", { name: "Unified view" })).toBeVisible();
  await expect(file.locator("table.diff-split")).toBeVisible();

  await page.goto(`/tasks/${task.id}`);
  await page.getByLabel("Review summary").fill("Number them, please.");
  await page.getByRole("button", { name: "Request changes" }).click();
  const feedbackRun = page.getByTestId("run-row").first();
  await expect(feedbackRun).toContainText("#2", { timeout: 15_000 });
  await expect(page.getByTestId("run-log").getByTestId("log-line").filter({ hasText: /feedback received: Please number the lines\.$/ })).toBeVisible({ timeout: 30_000 });
  await expect(feedbackRun).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });
  await expect(page.getByTestId("check-row").filter({ hasText: "test" }).getByTestId("check-status")).toHaveAttribute("data-state", "success", { timeout: 30_000 });

  const merge = page.getByTestId("merge-box");
  await expect(merge.locator('[data-key="approvals"]')).toHaveAttribute("data-state", "unmet");
  await page.reload();
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByTestId("merge-box")).toHaveAttribute("data-mergeable", "true", { timeout: 15_000 });
  for (const key of ["role", "open", "branch", "head", "checks", "approvals", "no_changes_requested", "mergeable"]) {
    await expect(page.getByTestId("merge-box").locator(`[data-key="${key}"]`)).toHaveAttribute("data-state", "met");
  }

  // The second browser still shows the first head: the server refuses its click.
  await expect(stale.getByTestId("merge-box")).toHaveAttribute("data-mergeable", "true", { timeout: 15_000 });
  await stale.getByRole("button", { name: "Merge", exact: true }).click();
  await expect(stale.getByTestId("merge-error")).toContainText("head moved");
  await expect(stale.getByTestId("merge-error")).toContainText(firstHead.slice(0, 12));

  await page.getByRole("button", { name: "Merge", exact: true }).click();
  await expect(page.getByTestId("merged")).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText("merged", { exact: true }).first()).toBeVisible();
  const content = execFileSync("git", ["--git-dir", repository.upstream, "show", "refs/heads/main:feature.txt"], { encoding: "utf8" });
  expect(content).toBe("1. one\n2. two\n3. three\n");
  await second.close();
});
