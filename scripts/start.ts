// npm start (and npm run dev with --dev): the one process that owns the installation. It serves the
// embedded database (when DATABASE_URL is unset), applies pending migrations, creates the first
// admin, then runs the Next.js server as a child and stops everything together.
import { spawn } from "node:child_process";
import { statfs } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

const dev = process.argv.includes("--dev");

async function main(): Promise<void> {
  const { env } = await import("../lib/env.mjs");
  const { provideDatabase } = await import("../lib/db/provide-database.ts");
  const { migrateProvidedDatabase } = await import("../lib/db/migrate-provided-database.ts");
  const { ensureInitialAdmin } = await import("../lib/users/ensure-initial-admin.ts");
  const { authSecret } = await import("../lib/auth/secret.ts");
  const { detectSandbox, sandboxLabel } = await import("../lib/sandbox/index.ts");
  const { getSettings } = await import("../lib/settings/settings.ts");

  const { removeDeadWorkspaces } = await import("../lib/worker/workspace-root.ts");
  await removeDeadWorkspaces(path.join(env.DATA_DIR, "workspaces"));
  const database = await provideDatabase({ requireOwnership: true });
  const started = Date.now();
  const { applied } = await migrateProvidedDatabase(database);
  console.log(
    `database: ${database.kind}${database.embedded ? ` in ${env.DATA_DIR}` : ""}; ` +
      `${applied.length ? `applied ${applied.join(", ")}` : "no pending migrations"} (${Date.now() - started} ms)`,
  );

  const admin = await ensureInitialAdmin({ email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD });
  if (admin?.generatedPassword) {
    console.log(`\nFirst admin created: ${admin.email}\nPassword (shown once): ${admin.generatedPassword}\nLost it? npm run admin -- reset-password --email ${admin.email}\n`);
  } else if (admin) {
    console.log(`First admin created: ${admin.email} (password from ADMIN_PASSWORD)`);
  }
  authSecret();
  const [sandbox, settings] = await Promise.all([detectSandbox(), getSettings()]);
  console.log(
    `sandbox: ${sandboxLabel(sandbox.kind)}` +
      (sandbox.kind === "none" ? (settings.requireSandbox ? "; runs are refused until an admin turns off \"require sandbox\" (Admin → Settings)" : "; runs are allowed (\"require sandbox\" is off)") : ""),
  );
  const exposed = !["127.0.0.1", "localhost", "::1"].includes(env.HOST);
  console.log(
    `dashboard: http://${env.HOST.includes(":") ? `[${env.HOST}]` : env.HOST}:${env.PORT}` +
      (exposed ? ` — reachable from the network: put it behind a proxy with TLS` : " (this machine only; HOST=0.0.0.0 exposes it)"),
  );

  const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
  const refuseTrace = path.join(import.meta.dirname, "..", "lib", "http", "refuse-trace.cjs");
  const server = spawn(process.execPath, ["--require", refuseTrace, nextBin, dev ? "dev" : "start", "--hostname", env.HOST, "--port", String(env.PORT)], {
    stdio: "inherit",
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      // The server's own handler ends its runs (recorded `interrupted`) before it exits.
      NEXT_MANUAL_SIG_HANDLE: "true",
      ORCH_WORKER: process.env.ORCH_WORKER ?? "in-process",
      ...(process.env.NEXTAUTH_URL ? {} : { AUTH_TRUST_HOST: "true" }) },
  });

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (server.exitCode === null) {
      server.kill("SIGTERM");
      await new Promise((resolve) => server.once("exit", resolve));
    }
    if (database.embedded) console.log(`embedded database: longest wait for a connection's turn ${Math.round(database.embedded.longestTurnWaitMs())} ms`);
    await database.close();
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  server.on("exit", (code) => void stop(code ?? 1));
}

/** A full disk makes the embedded database abort without saying why: say it. */
async function diskHint(): Promise<string> {
  const dataDir = process.env.DATA_DIR?.trim() || "./.data";
  const stats = await statfs(dataDir).catch(() => undefined);
  if (!stats) return "";
  const freeMegabytes = Math.floor((stats.bavail * stats.bsize) / 1024 ** 2);
  return freeMegabytes < 64 ? ` (the disk holding ${path.resolve(dataDir)} has ${freeMegabytes} MB free: free some space)` : "";
}

main().catch(async (error: unknown) => {
  console.error(`Code Orchestrator could not start: ${error instanceof Error ? error.message : String(error)}${await diskHint()}`);
  process.exit(1);
});
