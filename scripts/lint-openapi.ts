// Lints the OpenAPI document the server serves at /api/v1/openapi.json with Redocly's recommended
// rules (redocly.yaml): part of the test command, so a route described wrongly fails the tests.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { openApiDocument } from "../lib/api/openapi.ts";

const dir = mkdtempSync(path.join(os.tmpdir(), "openapi-"));
const file = path.join(dir, "openapi.json");
try {
  writeFileSync(file, JSON.stringify(openApiDocument(), null, 2));
  execFileSync(path.join(import.meta.dirname, "..", "node_modules", ".bin", "redocly"), ["lint", file, "--config", path.join(import.meta.dirname, "..", "redocly.yaml")], { stdio: "inherit", env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" } });
} catch {
  process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
