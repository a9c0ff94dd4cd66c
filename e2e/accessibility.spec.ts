// axe-core on the five main pages, in light and dark: no serious or critical violation.
import AxeBuilder from "@axe-core/playwright";
import { api, createRepository, e2e, expect, signIn, test, unique } from "./fixtures";

test("the main pages have no serious or critical accessibility violation, light and dark", async ({ browser }) => {
  test.setTimeout(90_000); // ten axe sweeps of full pages
  const repository = await createRepository();
  const { body: task } = await api("POST", "/api/v1/tasks", {
    body: { repositoryId: repository.id, name: unique("Accessible"), goal: "Be read by everyone.", agent: { kind: "script", script: "printf 'export const a = 1;\\n' > a.ts" } },
  });
  const { body: spawned } = await api("POST", `/api/v1/tasks/${task.id}/runs`);
  await expect.poll(async () => (await api("GET", `/api/v1/runs/${spawned.runId}`)).body.status, { timeout: 30_000 }).toBe("succeeded");

  for (const colorScheme of ["light", "dark"] as const) {
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    await signIn(page, e2e.adminEmail, e2e.adminPassword);
    for (const path of ["/", "/tasks/new", `/tasks/${task.id}`, `/tasks/${task.id}/diff`, `/repositories/${repository.id}`]) {
      await page.goto(path);
      // Not "networkidle": the live pages hold event streams open (the task's feed, the bell).
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await page.waitForLoadState("load");
      const { violations } = await new AxeBuilder({ page }).analyze();
      const serious = violations
        .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
        .map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.slice(0, 3).map((node) => node.target.join(" ")).join(" | ")}`);
      expect(serious, `${colorScheme} ${path}`).toEqual([]);
    }
    await context.close();
  }
});
