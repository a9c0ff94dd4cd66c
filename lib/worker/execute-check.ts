import { openNetworkAccess, type OpenedNetworkAccess } from "./network-access.ts";
import { existsSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { prisma } from "../db/client.ts";
import { gitAuthEnv } from "../github/git-auth-env.ts";
import { env } from "../env.mjs";
import type { Prisma } from "../generated/prisma/client.ts";
import { LogIngest } from "../logs/log-ingest.ts";
import { startRunLogIngest } from "./start-log-ingest.ts";
import { HOST_SECRETS } from "../sandbox/host-secrets.ts";
import { permittedSandbox, sandboxLabel, type SandboxedProcess } from "../sandbox/index.ts";
import { ensureMirror } from "../git/ensure-mirror.ts";
import { prepareCheckout } from "../git/prepare-checkout.ts";
import { removeClone } from "../git/remove-clone.ts";
import { getSettings } from "../settings/settings.ts";
import { type CheckOutcome, completeCheck } from "../pipeline/complete-check.ts";
import type { JunitSummary } from "../checks/junit.ts";
import { readJunitReport } from "../checks/read-junit-report.ts";
import { publish } from "../events/bus.ts";
import { logger } from "../logger.ts";

const DEFAULT_TIMEOUT_SECONDS = 900;
// This installation's node_modules, read-only, even when the app lives under a path the sandbox hides
// (/tmp, /root): checks may use its tools (the demo's checks use its TypeScript compiler).
const APP_TOOLCHAIN = [path.join(process.cwd(), "node_modules")].filter((dir) => existsSync(/* turbopackIgnore: true */ dir));

export interface CheckContext {
  workerId: string;
  workspaceRoot: string;
  killGraceMs?: number;
}

export interface CheckExecution {
  /** Stops the check (SIGTERM, SIGKILL after the grace); it ends `cancelled` with the reason. */
  cancel(reason: string): void;
  done: Promise<{ taskId: string | null }>;
}

/** Runs one claimed local check in a fresh sandboxed checkout of its head; every path ends it. */
export function executeCheck(checkRunId: string, context: CheckContext): CheckExecution {
  let current: SandboxedProcess | null = null;
  let stopReason: string | null = null;
  const done = run(checkRunId, context, {
    started: (process) => {
      current = process;
      if (stopReason) process.cancel();
    },
    stopReason: () => stopReason,
  }).catch((error: unknown) => {
    // The database went away: without heartbeats the reconciler ends the check.
    logger.error({ checkRunId, err: error }, "check could not be finished");
    return { taskId: null };
  });
  return {
    cancel: (reason) => {
      stopReason ??= reason;
      current?.cancel();
    },
    done,
  };
}

interface Control {
  started(process: SandboxedProcess): void;
  stopReason(): string | null;
}

async function run(checkRunId: string, context: CheckContext, control: Control): Promise<{ taskId: string | null }> {
  const check = await prisma.checkRun.findUniqueOrThrow({
    where: { id: checkRunId },
    include: { task: { include: { repository: true } } },
  });
  const { repository } = check.task;
  const checkoutPath = path.join(context.workspaceRoot, checkRunId);
  const home = path.join(context.workspaceRoot, `${checkRunId}.home`);
  startRunLogIngest();
  const log = new LogIngest(
    { kind: "check", checkRunId },
    { spoolFile: path.join(context.workspaceRoot, `${checkRunId}.spool`), onStored: () => publish("log.stored", { ownerId: checkRunId }) },
  );
  let outcome: CheckOutcome & { message: string };
  let network: OpenedNetworkAccess | null = null;
  try {
    if (!check.command) throw new Error("The check has no command.");
    const settings = await getSettings();
    const { kind: sandboxKind, sandbox } = await permittedSandbox(settings.requireSandbox);
    log.system(`Check "${check.name}" (attempt ${check.attempt}) on ${check.headSha.slice(0, 12)}, worker ${context.workerId}; sandbox: ${sandboxLabel(sandboxKind)}`);
    const { mirrorPath } = await ensureMirror({ dataDir: env.DATA_DIR, repositoryId: repository.id, upstream: repository.upstream, remoteEnv: gitAuthEnv(repository) });
    await prepareCheckout({ mirrorPath, workspaceRoot: context.workspaceRoot, id: checkRunId, sha: check.headSha });
    await mkdir(home, { recursive: true, mode: 0o700 });

    const deadline = Date.now() + (check.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
    const steps = [...(repository.setupCommand ? [{ label: "setup", script: repository.setupCommand }] : []), { label: "check", script: check.command }];
    let result: { exitCode: number | null; reason: string; label: string } | null = null;
    network = await openNetworkAccess(repository.checkNetwork, repository.allowedHosts, log, sandboxKind);
    for (const step of steps) {
      if (control.stopReason()) break;
      log.system(`$ ${step.script}`);
      const process = sandbox.spawnSandboxed({
        argv: ["bash", "-c", step.script],
        workdir: checkoutPath,
        home,
        env: { CI: "true" },
        network: network.access,
        hiddenPaths: [env.DATA_DIR, ...HOST_SECRETS],
        readOnlyPaths: [mirrorPath, ...APP_TOOLCHAIN],
        timeoutMs: Math.max(1, deadline - Date.now()),
        outputCapBytes: settings.runOutputCapBytes,
        ...(context.killGraceMs === undefined ? {} : { graceMs: context.killGraceMs }),
        onOutput: (chunk) => log.append(chunk.stream, chunk.data),
      });
      control.started(process);
      const ended = await process.done;
      result = { exitCode: ended.exitCode, reason: ended.reason, label: step.label };
      if (ended.reason !== "exited" || ended.exitCode !== 0) break;
    }
    const junit = check.junitPath ? await readReport(checkoutPath, check.junitPath, log) : null;
    outcome = conclude(result, control.stopReason(), junit, check.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS);
  } catch (error) {
    const stopped = control.stopReason();
    const message = error instanceof Error ? error.message : String(error);
    outcome = stopped ? { conclusion: "cancelled", error: stopped, message: stopped } : { conclusion: "error", error: message, message: `Error: ${message}` };
  }

  await network?.close().catch((error: unknown) => logger.warn({ checkRunId, err: error }, "egress proxy not closed"));
  log.system(outcome.message);
  await log.close().catch((error) => logger.error({ checkRunId, err: error }, "check log write failed"));
  const taskId = await completeCheck(checkRunId, outcome);
  await removeClone(checkoutPath).catch((error) => logger.warn({ checkRunId, err: error }, "check checkout not removed"));
  await rm(home, { recursive: true, force: true });
  return { taskId };
}

async function readReport(checkoutPath: string, junitPath: string, log: LogIngest): Promise<JunitSummary | null> {
  try {
    const report = await readJunitReport(checkoutPath, junitPath);
    log.system(report ? `JUnit report ${junitPath}: ${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped` : `No JUnit report at ${junitPath}.`);
    return report;
  } catch (error) {
    log.system(`The JUnit report ${junitPath} could not be read: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

function conclude(
  result: { exitCode: number | null; reason: string; label: string } | null,
  stopped: string | null,
  junit: JunitSummary | null,
  timeoutSeconds: number,
): CheckOutcome & { message: string } {
  const summary = junit ? { junit: junit as unknown as Prisma.InputJsonValue } : undefined;
  const exitCode = result?.exitCode ?? null;
  if (stopped) return { conclusion: "cancelled", exitCode, error: stopped, message: stopped, summary };
  if (!result) return { conclusion: "error", error: "Nothing ran.", message: "Error: nothing ran." };
  if (result.reason === "timed_out") {
    const message = `Timed out after ${timeoutSeconds} s: the check's processes were stopped.`;
    return { conclusion: "timed_out", exitCode, error: message, message, summary };
  }
  if (exitCode !== 0) {
    const message = `${result.label === "setup" ? "The setup command" : "The check"} exited with ${exitCode ?? "a signal"}.`;
    return { conclusion: "failure", exitCode, error: message, message: `Failed: ${message}`, summary };
  }
  if (junit && junit.failed > 0) {
    const message = `The check exited with 0 but its JUnit report has ${junit.failed} failing test${junit.failed === 1 ? "" : "s"}.`;
    return { conclusion: "failure", exitCode, error: message, message: `Failed: ${message}`, summary };
  }
  return { conclusion: "success", exitCode, message: "Passed.", summary };
}
