// Playwright drives the BUILT app (`npm run build` first; this config never builds) in Debian's
// Chromium. Each run gets a fresh temporary root holding the embedded database (DATA_DIR) and the bare
// upstream repositories the tests create; e2e/global-teardown.ts removes it.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

// The config is evaluated by the runner and again by every worker: the runner creates the root and
// publishes it through the environment, which the workers (and the web server) inherit.
if (!process.env.E2E_ROOT) {
  process.env.E2E_ROOT = mkdtempSync(path.join(os.tmpdir(), "co-e2e-"));
  process.env.E2E_DATA_DIR = path.join(process.env.E2E_ROOT, "data");
}
process.env.E2E_DATA_DIR ??= path.join(process.env.E2E_ROOT, "data");
process.env.E2E_ADMIN_EMAIL ??= "admin@e2e.test";
process.env.E2E_ADMIN_PASSWORD ??= "e2e-admin-password-1";
process.env.E2E_PORT ??= "3210";
process.env.E2E_BASE_URL ??= `http://127.0.0.1:${process.env.E2E_PORT}`;

const baseURL = process.env.E2E_BASE_URL;

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: "list",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  globalTeardown: "./e2e/global-teardown.ts",
  // The demo is offered on an empty installation only: its project is listed first, so with one worker
  // it runs before any spec adds a repository (without a dependency, so its failure skips nothing).
  projects: [
    { name: "empty-installation", testMatch: "first-run-demo.spec.ts" },
    { name: "app", testIgnore: "first-run-demo.spec.ts" },
  ],
  use: {
    baseURL,
    headless: true,
    browserName: "chromium",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
    trace: "off",
    screenshot: "only-on-failure",
  },
  webServer: {
    command: "npm start",
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
    // start.ts stops Next and closes the embedded database on SIGTERM.
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    env: {
      PORT: process.env.E2E_PORT,
      DATA_DIR: process.env.E2E_DATA_DIR,
      DATABASE_URL: "",
      NEXTAUTH_URL: baseURL,
      ADMIN_EMAIL: process.env.E2E_ADMIN_EMAIL,
      ADMIN_PASSWORD: process.env.E2E_ADMIN_PASSWORD,
      NEXT_TELEMETRY_DISABLED: "1",
      // The real agent CLIs (scripts/install-agent-clis.sh) are on the server's PATH, as a user installs them.
      PATH: `${path.resolve(".tools/agent-clis/node_modules/.bin")}${path.delimiter}${process.env.PATH}`,
      // The webhook spec's receiver listens on loopback.
      WEBHOOKS_ALLOW_PRIVATE: "true",
      WEBHOOK_RETRY_BASE_SECONDS: "1",
    },
  },
});
