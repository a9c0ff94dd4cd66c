// A page on another origin (same host, another port: same-site, so the browser sends the session
// cookie along) tries to act for the signed-in user through every mutating route: forms with text/plain
// and urlencoded bodies, and no-cors fetches. Every one is refused before it touches anything; the same
// requests from the app's own pages still work.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { api, createRepository, e2e, expect, signIn, test, unique } from "./fixtures";

type Route = { method: string; path: string };

async function mutatingRoutes(ids: Record<string, string>): Promise<Route[]> {
  const { body } = await api<{ paths: Record<string, Record<string, unknown>> }>("GET", "/api/v1/openapi.json");
  const routes: Route[] = [];
  for (const [template, operations] of Object.entries(body.paths)) {
    for (const method of Object.keys(operations)) {
      if (!["post", "put", "patch", "delete"].includes(method) || template === "/api/github/webhook") continue;
      const segment = template.split("/")[3] ?? "";
      routes.push({ method: method.toUpperCase(), path: template.replace("{id}", ids[segment] ?? "unknown") });
    }
  }
  return routes;
}

function attackerPage(appOrigin: string, routes: Route[]): string {
  const json = JSON.stringify({ name: "forged", repositoryId: "x", goal: "forged", agent: { kind: "script", script: "echo pwned" } });
  const forms = routes
    .filter((route) => route.method === "POST")
    .flatMap((route, index) => [
      // The classic JSON-in-a-form trick: the body reads as JSON, sent as text/plain.
      `<iframe name="t${index}"></iframe><form target="t${index}" method="POST" enctype="text/plain" action="${appOrigin}${route.path}"><input name='${json.slice(0, -1)}, "x": "' value='"}'></form>`,
      `<iframe name="u${index}"></iframe><form target="u${index}" method="POST" action="${appOrigin}${route.path}"><input name="name" value="forged"></form>`,
    ])
    .join("\n");
  // no-cors lets a page send only GET, HEAD and POST without asking; PUT and DELETE would need a
  // preflight the app never grants (they are sent directly below, as a browser without CORS would).
  const fetches = JSON.stringify(routes.filter((route) => route.method === "POST").map((route) => ({ ...route, url: `${appOrigin}${route.path}` })));
  return `<!doctype html><html><body>${forms}
<script>
  for (const form of document.forms) form.submit();
  Promise.allSettled(${fetches}.map((route) =>
    fetch(route.url, { method: route.method, mode: "no-cors", credentials: "include", headers: { "content-type": "text/plain" }, body: ${JSON.stringify(json)} })
  )).then(() => { document.title = "sent"; });
</script></body></html>`;
}

test("another origin cannot act with the session; the app's own requests can", async ({ page }) => {
  const repository = await createRepository();
  const { body: task } = await api("POST", "/api/v1/tasks", {
    body: { repositoryId: repository.id, name: unique("CSRF target"), goal: "Stay untouched.", agent: { kind: "script", script: "echo hi" } },
  });
  const runCount = async () => (await api("GET", `/api/v1/tasks/${task.id}/runs`)).body.items.length as number;
  const before = { tasks: (await api("GET", "/api/v1/tasks")).body.total, runs: await runCount() };

  const appUrl = new URL(e2e.baseURL);
  const appOrigin = `http://localhost:${appUrl.port}`; // the attacker's page is on localhost too: same site
  const routes = await mutatingRoutes({ tasks: task.id, repositories: repository.id, runs: "none", "check-runs": "none", comments: "none" });
  expect(routes.length).toBeGreaterThan(10);
  const attacker = http.createServer((_, response) => {
    response.setHeader("content-type", "text/html");
    response.end(attackerPage(appOrigin, routes));
  });
  await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
  const attackerPort = (attacker.address() as AddressInfo).port;

  try {
    await page.goto(appOrigin + "/signin");
    await signInHere(page);
    const cookie = (await page.context().cookies(appOrigin)).find((entry) => entry.name.includes("session-token"));
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });

    const answers: Array<{ url: string; status: number }> = [];
    // The attack's requests change things (never GET); the app page's own event streams are not part of it.
    page.on("response", (response) => {
      if (response.url().startsWith(appOrigin + "/api/") && response.request().method() !== "GET") answers.push({ url: response.url(), status: response.status() });
    });
    await page.goto(`http://localhost:${attackerPort}/`);
    await expect(page).toHaveTitle("sent", { timeout: 20_000 });
    const posts = routes.filter((route) => route.method === "POST").length;
    await expect.poll(() => answers.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(3 * posts);
    expect(answers.filter((answer) => answer.status !== 403)).toEqual([]);

    // Every mutating route, with the session cookie and the attacker's Origin, as any client could send it.
    for (const route of routes) {
      const response = await page.request.fetch(appOrigin + route.path, {
        method: route.method,
        headers: { origin: `http://localhost:${attackerPort}`, "sec-fetch-site": "same-site", "content-type": "application/json" },
        data: "{}",
      });
      expect(response.status(), `${route.method} ${route.path}`).toBe(403);
    }

    expect((await api("GET", "/api/v1/tasks")).body.total).toBe(before.tasks);
    expect(await runCount()).toBe(before.runs);

    // From the app's own page the session works, as JSON.
    await page.goto(appOrigin + "/");
    const own = await page.evaluate(async (repositoryId) => {
      const create = (type: string) =>
        fetch("/api/v1/tasks", { method: "POST", headers: { "content-type": type }, body: JSON.stringify({ repositoryId, name: `Own ${type} ${Date.now()}`, goal: "From the app.", agent: { kind: "script", script: "true" } }) }).then((response) => response.status);
      return { json: await create("application/json"), text: await create("text/plain") };
    }, repository.id);
    expect(own).toEqual({ json: 201, text: 415 });
  } finally {
    attacker.close();
  }
});

test("a server action called from a foreign origin gets a clear 403, not a 500", async ({ request }) => {
  const response = await request.post("/", {
    headers: { origin: "http://evil.example", "next-action": "0".repeat(40), "content-type": "text/plain;charset=UTF-8" },
    data: "[]",
  });
  expect(response.status()).toBe(403);
  expect((await response.json()).error).toMatchObject({ code: "forbidden", message: expect.stringMatching(/^Refused a request from http:\/\/evil\.example/) });
});

test("TRACE is not served", async ({ request }) => {
  const response = await request.fetch("/api/health", { method: "TRACE" });
  expect(response.status()).toBe(405);
});

async function signInHere(page: import("@playwright/test").Page) {
  await page.getByLabel("Email").fill(e2e.adminEmail);
  await page.getByLabel("Password").fill(e2e.adminPassword);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("current-user")).toContainText(e2e.adminEmail, { timeout: 15_000 });
}
