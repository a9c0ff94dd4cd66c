// A newcomer on an empty installation clicks "Try a demo" and takes the sample task from spec to
// merge by themselves: run, green checks, criteria met, diff, approval, merge.
import { execFileSync } from "node:child_process";
import { api, e2e, expect, signIn, test } from "./fixtures";

test("Try a demo: spec → run → checks → diff → approve → merge", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, e2e.adminEmail, e2e.adminPassword);
  await page.getByRole("button", { name: "Try a demo" }).click();
  await expect(page.getByRole("heading", { name: "Add a multiply function" })).toBeVisible({ timeout: 20_000 });
  const started = Date.now();

  await expect(page.getByTestId("run-row").first()).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });
  for (const name of ["typecheck", "build", "test"]) {
    await expect(page.getByTestId("check-row").filter({ hasText: name }).first().getByTestId("check-status")).toHaveAttribute("data-state", "success", { timeout: 60_000 });
  }
  await expect(page.getByTestId("criterion").filter({ hasText: "Tests pass" })).toHaveAttribute("data-state", "met");
  await expect(page.getByTestId("check-row").filter({ hasText: "test" }).first().getByTestId("junit-counts")).toHaveText("2 passed, 0 failed, 0 skipped");

  await page.getByRole("link", { name: /Review the diff of/ }).click();
  const calc = page.getByTestId("diff-file").filter({ hasText: "src/calc.ts" });
  await expect(calc.locator("tr.diff-line", { hasText: "export function multiply" })).toBeVisible();
  page.once("dialog", (dialog) => void dialog.accept());
  await page.keyboard.press("a"); // approve from the keyboard: the demo allows approving your own task
  await expect(page.getByRole("status")).toContainText("Approved");

  await page.getByRole("link", { name: "← Add a multiply function" }).click();
  await expect(page.getByTestId("merge-box")).toHaveAttribute("data-mergeable", "true", { timeout: 15_000 });
  await page.getByRole("button", { name: "Merge", exact: true }).click();
  await expect(page.getByTestId("merged")).toBeVisible({ timeout: 15_000 });
  expect(Date.now() - started).toBeLessThan(120_000);

  const { body: repositories } = await api<{ items: Array<{ name: string; upstream: string }> }>("GET", "/api/v1/repositories");
  const demo = repositories.items.find((repository) => repository.name.startsWith("demo-calculator-"))!;
  expect(execFileSync("git", ["--git-dir", demo.upstream, "show", "main:src/calc.ts"], { encoding: "utf8" })).toContain("export function multiply");
});
