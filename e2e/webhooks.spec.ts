// A maintainer subscribes a receiver to a repository's events on the Webhooks page, keeps the signing
// secret shown once, watches a run's events arrive signed (a first 500 retried), reads the delivery
// log, and redelivers one; at a phone's width the log still fits.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { api, createRepository, createUser, expect, signIn, test, unique } from "./fixtures";

interface Received {
  id: string;
  headers: Record<string, string>;
  body: string;
}

test("subscribe on the Webhooks page, receive a run's signed events with a retry, read the log, redeliver", async ({ page }) => {
  test.setTimeout(120_000);
  const received: Received[] = [];
  let failFirst = true;
  const receiver = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      received.push({ id: String(request.headers["webhook-id"]), headers: request.headers as Record<string, string>, body });
      const status = failFirst ? 500 : 204;
      failFirst = false;
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

  try {
    const repository = await createRepository([{ name: "test", command: "true", required: true }]);
    const maintainer = await createUser("maintainer");
    await signIn(page, maintainer.email, maintainer.password);
    await page.goto("/settings");
    await page.getByRole("link", { name: "manage webhooks" }).click();
    await expect(page).toHaveURL(/\/settings\/webhooks$/);

    // Bad input is refused with a message at the field, and nothing is added.
    await page.getByLabel("Payload URL").fill("http://169.254.169.254/latest/meta-data");
    await page.getByLabel("Repository").selectOption({ label: repository.name });
    await page.getByRole("button", { name: "Add webhook" }).click();
    await expect(page.getByText(/link-local, metadata/)).toBeVisible();
    await expect(page.getByTestId("webhook-row")).toHaveCount(0);

    await page.getByLabel("Payload URL").fill(receiverUrl);
    for (const event of ["task.status_changed", "checks.completed", "review.submitted", "task.merged"]) await page.getByRole("checkbox", { name: new RegExp(`^${event.replace(".", "\\.")}`) }).uncheck();
    await page.getByRole("button", { name: "Add webhook" }).click();
    const secret = await page.getByLabel("Signing secret").inputValue();
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole("button", { name: "Done" }).click();
    await expect(page.getByTestId("new-webhook-secret")).toHaveCount(0);
    await expect(page.getByTestId("webhook-row")).toContainText(receiverUrl);
    await expect(page.getByTestId("webhook-row")).toContainText("run.started run.finished");

    const { body: task } = await api("POST", "/api/v1/tasks", { body: { repositoryId: repository.id, name: unique("Hooked"), goal: "Be announced.", agent: { kind: "script", script: "echo hi > hi.txt" } } });
    expect((await api("POST", `/api/v1/tasks/${task.id}/runs`)).status).toBe(202);

    // run.started (refused with a 500 first, then retried) and run.finished, each signed with the secret.
    await expect.poll(() => new Set(received.map((request) => request.id)).size, { timeout: 60_000 }).toBe(2);
    await expect.poll(() => received.length, { timeout: 30_000 }).toBe(3);
    const verifier = new Webhook(secret);
    const types = received.map((request) => (verifier.verify(request.body, request.headers) as { type: string }).type);
    expect(types[0]).toBe("run.started");
    expect(types.slice(1).sort()).toEqual(["run.finished", "run.started"]);

    await page.getByRole("link", { name: receiverUrl }).click();
    const deliveries = page.getByTestId("webhook-delivery");
    await expect(deliveries).toHaveCount(2);
    const started = deliveries.filter({ hasText: "run.started" });
    await expect(started).toContainText("delivered");
    await expect(started).toContainText("2 attempts");
    await started.locator("summary").click();
    await expect(started.getByRole("list", { name: "Attempts" })).toContainText("answered 500");

    await started.getByRole("button", { name: "Redeliver" }).click();
    await expect.poll(() => received.length, { timeout: 30_000 }).toBe(4);
    expect(received[3]!.id).toBe(received[0]!.id);
    await page.reload();
    await expect(page.getByTestId("webhook-delivery").filter({ hasText: "run.started" })).toContainText("3 attempts");

    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await expect(page.getByTestId("webhook-delivery")).toHaveCount(2);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  } finally {
    await new Promise((resolve) => receiver.close(resolve));
  }
});
