// A person watches the checks of the head a run pushed: they appear and turn green live and the
// criterion they prove shows met; a failing check shows its failing tests and its log.
import { api, createRepository, e2e, expect, signIn, test, unique } from "./fixtures";

async function createTask(repositoryId: string, script: string, acceptanceCriteria: Array<{ text: string; check?: string }>) {
  const { status, body } = await api("POST", "/api/v1/tasks", {
    body: { repositoryId, name: unique("Checked task"), goal: "Exercise the checks.", acceptanceCriteria, agent: { kind: "script", script } },
  });
  expect(status, JSON.stringify(body)).toBe(201);
  return body as { id: string };
}

test("checks of the new head appear, turn green live, and the linked criterion shows met", async ({ page }) => {
  const repository = await createRepository([
    { name: "test", command: 'for i in 1 2 3 4 5; do echo "suite $i ok"; sleep 0.4; done; test "$(cat result.txt)" = done', required: true },
  ]);
  const task = await createTask(repository.id, "echo done > result.txt", [{ text: "Tests pass", check: "test" }, { text: "Reads well" }]);

  await signIn(page, e2e.adminEmail, e2e.adminPassword);
  await page.goto(`/tasks/${task.id}`);
  const criterion = page.getByTestId("criterion").filter({ hasText: "Tests pass" });
  await expect(criterion).toHaveAttribute("data-state", "pending");
  await expect(page.getByTestId("criterion").filter({ hasText: "Reads well" })).toHaveAttribute("data-state", "unlinked");
  await page.getByRole("button", { name: "Spawn agent" }).click();

  const check = page.getByTestId("check-row").filter({ hasText: "test" });
  const state = check.getByTestId("check-status");
  await expect(state).toHaveAttribute("data-state", /queued|running/, { timeout: 30_000 });
  await expect(criterion).toHaveAttribute("data-state", "pending");
  await expect(state).toHaveAttribute("data-state", "success", { timeout: 30_000 });
  await expect(criterion).toHaveAttribute("data-state", "met");
  await expect(page.getByText("ready for review")).toBeVisible({ timeout: 10_000 });

  await check.getByRole("button", { name: "Log" }).click();
  await expect(page.getByTestId("run-log").getByTestId("log-line").filter({ hasText: "suite 5 ok" })).toBeVisible();
});

test("a failing check shows its failing tests and its log", async ({ page }) => {
  const junit = `mkdir -p reports; printf '%s' '<testsuites><testsuite name="math"><testcase classname="math" name="adds"/><testcase classname="math" name="divides by zero"><failure message="expected Infinity to be 0"/></testcase></testsuite></testsuites>' > reports/junit.xml; echo "1 of 2 tests failed"; exit 1`;
  const repository = await createRepository([{ name: "unit", command: junit, required: true, junitPath: "reports/junit.xml" }]);
  const task = await createTask(repository.id, "echo change > change.txt", [{ text: "Unit tests pass", check: "unit" }]);

  await signIn(page, e2e.adminEmail, e2e.adminPassword);
  await page.goto(`/tasks/${task.id}`);
  await page.getByRole("button", { name: "Spawn agent" }).click();

  const check = page.getByTestId("check-row").filter({ hasText: "unit" });
  await expect(check.getByTestId("check-status")).toHaveAttribute("data-state", "failure", { timeout: 45_000 });
  await expect(page.getByTestId("criterion").filter({ hasText: "Unit tests pass" })).toHaveAttribute("data-state", "failing");
  await expect(check.getByTestId("junit-counts")).toHaveText("1 passed, 1 failed, 0 skipped");
  const failure = check.getByTestId("junit-failure");
  await expect(failure).toContainText("math › divides by zero");
  await expect(failure).toContainText("expected Infinity to be 0");

  await check.getByRole("button", { name: "Log" }).click();
  const lines = page.getByTestId("run-log").getByTestId("log-line");
  await expect(lines.filter({ hasText: /^\s*\d*\s*1 of 2 tests failed$/ })).toBeVisible();
  await expect(lines.filter({ hasText: "Failed: The check exited with 1." })).toBeVisible();
});
