// A person spawns a sandboxed script agent from the task page, watches its log arrive live, sees it
// succeed with its commit on the task branch; and cancels a long run from the UI.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { api, apiToken, createRepository, e2e, expect, signIn, test, unique } from "./fixtures";

function git(upstream: string, args: string[]): string {
  return execFileSync("git", ["--git-dir", upstream, ...args], { encoding: "utf8" }).trim();
}

async function createScriptTask(repositoryId: string, script: string) {
  const name = unique("Agent run");
  const { status, body } = await api("POST", "/api/v1/tasks", {
    body: { repositoryId, name, goal: "Exercise the agent run pipeline.", agent: { kind: "script", script } },
  });
  expect(status, JSON.stringify(body)).toBe(201);
  return body as { id: string; branch: string; name: string };
}

/** Processes whose command line carries the marker: what a cancelled run must not leave behind. */
function processesWith(marker: string): number {
  let count = 0;
  for (const pid of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(marker)) count++;
    } catch {
      // the process ended while being read
    }
  }
  return count;
}

test("a spawned script agent streams its log live, succeeds, and its commit is on the task branch", async ({ page }) => {
  const repository = await createRepository();
  const baseBefore = git(repository.upstream, ["rev-parse", "refs/heads/main"]);
  const task = await createScriptTask(
    repository.id,
    'for i in $(seq 1 15); do echo "line $i"; sleep 0.2; done; echo done > result.txt',
  );

  await signIn(page, e2e.adminEmail, e2e.adminPassword);
  await page.goto(`/tasks/${task.id}`);
  await page.getByRole("button", { name: "Spawn agent" }).click();

  const row = page.getByTestId("run-row").first();
  const lines = page.getByTestId("run-log").getByTestId("log-line");
  // Live: some lines are on screen while the run is still running.
  await expect(row).toHaveAttribute("data-status", "running", { timeout: 15_000 });
  await expect(lines.filter({ hasText: /^\s*\d*\s*line 3$/ })).toBeVisible({ timeout: 10_000 });
  expect(await row.getAttribute("data-status")).toBe("running");
  await expect(lines.filter({ hasText: "line 15" })).toHaveCount(0);

  await expect(row).toHaveAttribute("data-status", "succeeded", { timeout: 20_000 });
  await expect(row.getByText("succeeded", { exact: true })).toBeVisible();
  await expect(lines.filter({ hasText: "line 15" })).toBeVisible();

  const runId = await row.getAttribute("data-run-id");
  const response = await fetch(new URL(`/api/v1/runs/${runId}/log.txt`, e2e.baseURL), {
    headers: { authorization: `Bearer ${await apiToken()}` },
  });
  const log = await response.text();
  const printed = log.split("\n").filter((line) => /^line \d+$/.test(line));
  expect(printed).toEqual(Array.from({ length: 15 }, (_, index) => `line ${index + 1}`));

  expect(git(repository.upstream, ["log", "-1", "--format=%an", `refs/heads/${task.branch}`])).toBe("Code Orchestrator Agent");
  expect(git(repository.upstream, ["show", `refs/heads/${task.branch}:result.txt`])).toBe("done");
  expect(git(repository.upstream, ["rev-parse", "refs/heads/main"])).toBe(baseBefore);
  await expect(page.getByText("ready for review")).toBeVisible();
});

test("a long run is cancelled from the UI and leaves no process behind", async ({ page }) => {
  const repository = await createRepository();
  const marker = unique("orch-e2e-sleeper");
  const task = await createScriptTask(repository.id, `echo started; exec -a ${marker} sleep 600`);

  await signIn(page, e2e.adminEmail, e2e.adminPassword);
  await page.goto(`/tasks/${task.id}`);
  await page.getByRole("button", { name: "Spawn agent" }).click();
  const row = page.getByTestId("run-row").first();
  await expect(row).toHaveAttribute("data-status", "running", { timeout: 15_000 });
  // The marker is in the sandbox's, the shell's and the sleeper's command lines.
  await expect.poll(() => processesWith(marker), { timeout: 10_000 }).toBeGreaterThan(0);

  await row.getByRole("button", { name: /^Cancel run/ }).click();
  await expect(row).toHaveAttribute("data-status", "cancelled", { timeout: 20_000 });
  await expect(row.getByText("cancelled", { exact: true })).toBeVisible();
  expect(processesWith(marker)).toBe(0);
});
