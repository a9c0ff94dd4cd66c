// What runs cost, seen as a person would: the real Claude Code runs a task against a scripted model
// server through the built app (reaching it through the allowlist), reports its tokens and cost, and
// the Usage page shows them in totals, charts and tables, with a CSV download, at desktop and phone widths.
import { type ModelStep, startModelServer } from "../lib/testing/model-server.ts";
import { SCRIPTED_CLIS } from "../lib/testing/scripted-agent-clis.ts";
import { api, createRepository, e2e, expect, signIn, test, unique } from "./fixtures";

test("a run's reported cost reaches the task page and the Usage page, which charts it and exports it as CSV", async ({ page }) => {
  test.setTimeout(120_000);
  const steps: ModelStep[] = [
    { kind: "tool", name: "Write", input: { file_path: "{cwd}/paid.txt", content: "paid for\n" } },
    { kind: "text", text: "Wrote paid.txt." },
  ];
  const model = await startModelServer(steps);
  try {
    const repository = await createRepository([]);
    expect((await api("PATCH", `/api/v1/repositories/${repository.id}`, { body: { agentNetwork: "allowlist", allowedHosts: [new URL(model.url).host] } })).status).toBe(200);
    expect((await api("PUT", `/api/v1/repositories/${repository.id}/agent-env`, { body: { variables: SCRIPTED_CLIS["claude-code"].env(model.url) } })).status).toBe(200);
    const name = unique("Paid task");
    const { body: task } = await api("POST", "/api/v1/tasks", { body: { repositoryId: repository.id, name, goal: "Write paid.txt.", agent: { kind: "claude-code" }, budgetUsd: 5 } });
    await api("POST", `/api/v1/tasks/${task.id}/runs`);
    await expect.poll(async () => (await api("GET", `/api/v1/tasks/${task.id}/runs`)).body.items[0]?.status, { timeout: 60_000 }).toBe("succeeded");
    const run = (await api("GET", `/api/v1/tasks/${task.id}/runs`)).body.items[0];
    expect(run.usage).toMatchObject({ costSource: "reported", model: expect.stringMatching(/^claude-/) });
    const cost = `$${run.usage.costUsd.toFixed(2)}`;

    await signIn(page, e2e.adminEmail, e2e.adminPassword);
    for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
      await page.setViewportSize(viewport);
      await page.goto(`/tasks/${task.id}`);
      await expect(page.getByTestId("task-spend")).toHaveText(`Spent ${cost} of $5.00`);

      await page.goto("/usage");
      await expect(page).toHaveTitle(/^Usage · /);
      const totals = page.getByTestId("usage-totals");
      await expect(totals).toContainText("Cost");
      await expect(page.getByRole("table", { name: "Usage per agent" }).getByRole("row").filter({ hasText: "Claude Code" })).toBeVisible();
      await expect(page.getByRole("table", { name: "Usage per repository" }).getByRole("row").filter({ hasText: repository.name })).toContainText(cost);
      await expect(page.getByTestId("usage-chart").first().locator(".recharts-bar-rectangle").first()).toBeVisible();
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    }

    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download CSV" }).nth(2).click();
    const csv = await (await (await download).createReadStream()).toArray();
    const text = Buffer.concat(csv).toString();
    expect(text.split("\r\n")[0]).toBe("key,label,runs,inputTokens,outputTokens,costUsd,unknownCostRuns");
    expect(text).toContain(`${repository.id},${repository.name},1,`);

    // A bad range says what is wrong and offers the default.
    await page.goto("/usage?from=yesterday");
    await expect(page.getByRole("alert").filter({ hasText: "must be a date" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Show the last 30 days" })).toBeVisible();
  } finally {
    await model.close();
  }
});
