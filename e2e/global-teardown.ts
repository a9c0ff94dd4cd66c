// Removes the run's temporary root (embedded database + bare upstream repositories). Playwright runs
// the global teardown BEFORE it stops the web server, which still has the database open, so the
// removal waits for the runner process to exit, after the server has shut down.
import { rmSync } from "node:fs";

export default async function globalTeardown(): Promise<void> {
  const root = process.env.E2E_ROOT;
  if (!root) return;
  process.once("exit", () => {
    rmSync(root, { recursive: true, force: true });
  });
}
