import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { prisma } from "../db/client.ts";
import { gitAuthEnv } from "../github/git-auth-env.ts";
import { env } from "../env.mjs";
import type { Prisma } from "../generated/prisma/client.ts";
import type { ClaimedRun } from "../queue/claim-next-run.ts";
import { getBoss } from "../queue/boss.ts";
import { getSettings } from "../settings/settings.ts";
import { adapterFor, PROMPT_FILE_ENV } from "../agents/registry.ts";
import { resolveAgentExecutable } from "../agents/agent-executable.ts";
import type { AgentAdapter, AgentInvocation } from "../agents/types.ts";
import type { ResultEvent } from "../logs/log-events.ts";
import { runUsageOf } from "../runs/run-usage.ts";
import { formatUsd, taskSpentUsd } from "../runs/budget.ts";
import { agentConfigFiles } from "../repositories/agent-config.ts";
import { LogIngest } from "../logs/log-ingest.ts";
import { openNetworkAccess, type OpenedNetworkAccess } from "./network-access.ts";
import { startRunLogIngest } from "./start-log-ingest.ts";
import { HOST_SECRETS } from "../sandbox/host-secrets.ts";
import { type OutputChunk, permittedSandbox, sandboxLabel, type SandboxedProcess, type SandboxResult } from "../sandbox/index.ts";
import { finishRun, type RunOutcome } from "../pipeline/finish-run.ts";
import { transitionRun } from "../pipeline/transition-run.ts";
import { collectResult } from "../git/collect-result.ts";
import { prepareFreshClone } from "../git/prepare-clone.ts";
import { publishBranch } from "../git/publish-branch.ts";
import { watchDiskUsage } from "../git/disk-usage.ts";
import { removeClone } from "../git/remove-clone.ts";
import { publish } from "../events/bus.ts";
import { logger } from "../logger.ts";


export interface ExecutionContext {
  workerId: string;
  workspaceRoot: string;
  /** Between SIGTERM and SIGKILL when a run times out or is cancelled (default 10 s). */
  killGraceMs?: number;
}

export interface RunExecution {
  /** Asks the agent to stop (SIGTERM to its process group, SIGKILL after the grace): `cancelled`. */
  cancel(): void;
  /** Stops the agent because the worker goes away: `interrupted`. */
  interrupt(reason: string): void;
  done: Promise<void>;
}

/** Runs one claimed run from clone to pushed branch; every path ends in a final status. */
export function executeRun(claim: ClaimedRun, context: ExecutionContext): RunExecution {
  let agent: SandboxedProcess | null = null;
  let stopRequest: StopRequest | null = null;
  // The first reason stands; asking again (a cancel polled every half second) changes nothing.
  const stop = (status: StopRequest["status"], reason: string) => {
    if (stopRequest) return;
    stopRequest = { status, reason };
    agent?.cancel();
  };
  const done = run(claim, context, {
    started: (process) => {
      agent = process;
      if (stopRequest) process.cancel();
    },
    stopRequest: () => stopRequest,
    stop,
  }).catch((error: unknown) => {
    // The database went away mid-run: without heartbeats the reconciler ends the run `interrupted`.
    logger.error({ runId: claim.runId, err: error }, "run could not be finished");
  });
  return { cancel: () => stop("cancelled", "Cancelled by a user."), interrupt: (reason) => stop("interrupted", `Run interrupted: ${reason}.`), done };
}

async function run(
  claim: ClaimedRun,
  context: ExecutionContext,
  control: { started(process: SandboxedProcess): void; stopRequest(): StopRequest | null; stop(status: StopRequest["status"], reason: string): void },
): Promise<void> {
  const settingsRead = getSettings();
  settingsRead.catch(() => undefined);
  const runRow = await prisma.run.findUniqueOrThrow({
    where: { id: claim.runId },
    include: { task: { include: { repository: true } } },
  });
  const runLogger = logger.child({ runId: runRow.id, taskId: runRow.taskId, workerId: context.workerId });
  if (runRow.status !== "preparing" || runRow.workerId !== context.workerId) {
    // The claim did not stick (its transaction did not commit): whoever holds the run carries it on.
    runLogger.error({ status: runRow.status, owner: runRow.workerId }, "run claimed here but settled or owned elsewhere; not executed here");
    return;
  }
  const { task } = runRow;
  const { repository } = task;
  const adapter = adapterFor(runRow.agentKind);
  const clonePath = path.join(context.workspaceRoot, runRow.id);
  const home = path.join(context.workspaceRoot, `${runRow.id}.home`);
  startRunLogIngest();
  const log = new LogIngest(
    { kind: "run", runId: runRow.id, agentKind: runRow.agentKind, workdir: clonePath },
    {
      spoolFile: path.join(context.workspaceRoot, `${runRow.id}.spool`),
      onStored: () => publish("log.stored", { ownerId: runRow.id }),
      // A CLI that reports its usage step by step is stopped once it has spent what its task has left.
      onUsage: (usage) => {
        if (budgetLeftUsd === undefined) return;
        const { costUsd } = runUsageOf({ ...usage, type: "result", success: true }, (task.agent as { model?: string }).model);
        if (costUsd !== null && costUsd >= budgetLeftUsd) {
          control.stop("failed", `Budget exceeded: this run has cost ${formatUsd(costUsd)}, what was left of the task's budget of ${formatUsd(task.budgetUsd!)}; its processes were stopped.`);
        }
      },
    },
  );
  let outcome: RunOutcome;
  let cloneCreated = false;
  let network: OpenedNetworkAccess | null = null;
  let budgetLeftUsd: number | undefined;

  try {
    if (!adapter) throw new Error(`No agent adapter for "${runRow.agentKind}".`);
    // Without a network it could only retry its model API until the timeout (Codex and Gemini CLI did, 300 s).
    if (adapter.modelHosts?.length && repository.agentNetwork === "off") {
      throw new Error(`${adapter.label} calls its model API over the network, and this repository's agents have no network: allow it in the repository's settings.`);
    }
    const settings = await settingsRead;
    const { kind: sandboxKind, sandbox } = await permittedSandbox(settings.requireSandbox);
    log.system(`Run #${runRow.number} on worker ${context.workerId}; sandbox: ${sandboxLabel(sandboxKind)}`);
    log.system(`Fetching ${repository.upstream}`);
    const promptFile = path.join(home, "prompt.md");
    // The agent's home (its prompt, its CLI's configuration files) is made while the mirror is fetched;
    // a failure is thrown where it is awaited.
    const configFiles = Object.entries(agentConfigFiles(repository.agentConfig, runRow.agentKind));
    const homeReady = mkdir(home, { recursive: true, mode: 0o700 }).then(async () => {
      await writeFile(promptFile, runRow.prompt);
      for (const [file, content] of configFiles) {
        await mkdir(path.dirname(path.join(home, file)), { recursive: true });
        await writeFile(path.join(home, file), content);
      }
    });
    homeReady.catch(() => undefined);
    const clone = await prepareFreshClone(
      { dataDir: env.DATA_DIR, repositoryId: repository.id, upstream: repository.upstream, remoteEnv: gitAuthEnv(repository) },
      { workspaceRoot: context.workspaceRoot, runId: runRow.id, baseBranch: repository.baseBranch, taskBranch: task.branch },
    );
    const { mirrorPath } = clone;
    cloneCreated = true;
    const baseSha = task.baseSha ?? clone.baseSha;
    log.system(
      clone.baseSha ? `Created ${task.branch} from ${repository.baseBranch} at ${clone.baseSha.slice(0, 12)}` : `Continuing ${task.branch} at ${clone.startSha.slice(0, 12)}`,
    );

    await homeReady;
    budgetLeftUsd = task.budgetUsd === null ? undefined : Math.max(0, task.budgetUsd - (await taskSpentUsd(prisma, task.id)));
    const invocation = await sandboxedInvocation(adapter, adapter.buildInvocation({ prompt: runRow.prompt, promptFile, options: task.agent as Record<string, unknown>, budgetUsd: budgetLeftUsd }));
    const agentEnv = { ...(sandboxKind === "bwrap" ? invocation.sandboxedEnv : {}), ...((repository.agentEnv ?? {}) as Record<string, string>), [PROMPT_FILE_ENV]: promptFile };

    if (control.stopRequest()) throw new StopBeforeStart();
    // The agent starts while its run is recorded running, which saves a transaction's time on every
    // spawn; its output is held until the record is made, and if the run was settled elsewhere
    // meanwhile, the agent is stopped and its output dropped.
    let held: OutputChunk[] | null = [];
    const startedAt = new Date();
    network = await openNetworkAccess(repository.agentNetwork, [...(adapter.modelHosts ?? []), ...repository.allowedHosts], log, sandboxKind);
    const process = sandbox.spawnSandboxed({
      argv: invocation.argv,
      workdir: clone.path,
      home,
      env: agentEnv,
      network: network.access,
      hiddenPaths: [env.DATA_DIR, ...HOST_SECRETS],
      readOnlyPaths: [mirrorPath, ...invocation.mounts],
      stdin: invocation.stdin,
      timeoutMs: task.timeoutSeconds * 1000,
      outputCapBytes: settings.runOutputCapBytes,
      ...(context.killGraceMs === undefined ? {} : { graceMs: context.killGraceMs }),
      onOutput: (chunk) => (held ? held.push(chunk) : log.append(chunk.stream, chunk.data)),
    });
    control.started(process);
    // A task's first run records the base its branch was created from.
    const recordBase = !task.baseSha && clone.baseSha ? (tx: Prisma.TransactionClient) => tx.task.updateMany({ where: { id: task.id, baseSha: null }, data: { baseSha: clone.baseSha } }).then(() => undefined) : undefined;
    const recorded = await transitionRun(runRow.id, "running", { startedAt, sandbox: sandboxKind, baseSha, startSha: clone.startSha }, {}, recordBase).catch(async (error: unknown) => {
      process.cancel();
      await process.done;
      throw error;
    });
    if (!recorded) {
      process.cancel();
      await process.done;
      throw new NotOurs("the run was settled elsewhere before its agent started");
    }
    for (const chunk of held) log.append(chunk.stream, chunk.data);
    held = null;
    const agentStarted = Date.now();
    const limit = settings.runDiskLimitBytes;
    const stopWatchingDisk = watchDiskUsage([clone.path, home], limit, (used) =>
      control.stop("failed", `Disk limit: the run's workspace reached ${formatBytes(used)}, over its limit of ${formatBytes(limit)}; its processes were stopped.`),
    );
    const result = await process.done.finally(stopWatchingDisk);
    log.system(`Agent exited with ${result.exitCode ?? `signal ${result.signal}`} after ${((Date.now() - agentStarted) / 1000).toFixed(2)} s`);
    const stoppedBecause = control.stopRequest()?.reason ?? (result.reason === "timed_out" ? TIMED_OUT : null);
    const { events: finalEvents, result: agentResult } = await log.end(result.exitCode, stoppedBecause);
    if (finalEvents.length > 0) log.system("Agent finished", finalEvents);
    await prisma.run.update({
      where: { id: runRow.id },
      data: {
        outputBytes: result.outputBytes,
        truncated: result.truncated,
        ...(agentResult ? { result: agentResult as unknown as Prisma.InputJsonValue } : {}),
        ...runUsageOf(agentResult, (task.agent as { model?: string }).model),
        cpuSeconds: result.cpuSeconds,
      },
    });
    outcome = await settle(result, control.stopRequest(), agentResult, { log, clonePath: clone.path, mirrorPath, task, runNumber: runRow.number, startSha: clone.startSha, startedFromBase: !!clone.baseSha, upstream: repository.upstream, remoteEnv: gitAuthEnv(repository) });
  } catch (error) {
    if (error instanceof NotOurs) {
      runLogger.error({ err: error }, "run not executed here");
      await network?.close().catch(() => undefined);
      await log.close().catch(() => undefined);
      if (cloneCreated) await removeClone(clonePath).catch(() => undefined);
      await rm(home, { recursive: true, force: true });
      return;
    }
    const stopped = control.stopRequest();
    outcome = stopped
      ? { status: stopped.status, error: stopped.reason, summary: stopped.reason }
      : { status: "failed", error: errorMessage(error), summary: `Run failed: ${errorMessage(error)}` };
  }

  await network?.close().catch((error: unknown) => runLogger.warn({ err: error }, "egress proxy not closed"));
  // The workspace goes first: on a full disk, storing the last lines and the outcome needs its space.
  // Only a clone this execution made is removed: a failed attempt must not delete another's workspace.
  if (cloneCreated) await removeClone(clonePath).catch((error) => runLogger.warn({ err: error }, "run clone not removed"));
  await rm(home, { recursive: true, force: true }).catch((error) => runLogger.warn({ err: error }, "run home not removed"));
  log.system(outcome.summary);
  await log.close().catch((error) => runLogger.error({ err: error }, "run log write failed"));
  await finishRun(runRow, outcome);
  await (await getBoss()).complete(claim.queue, claim.jobId).catch(() => undefined);
}

/**
 * An agent CLI is started by its real path, with its install shown in the sandbox wherever it lives;
 * one missing from this worker's PATH fails the run with that reason instead of an exit code.
 */
async function sandboxedInvocation(adapter: AgentAdapter, invocation: AgentInvocation): Promise<AgentInvocation & { mounts: string[] }> {
  const [program, ...args] = invocation.argv;
  if (!adapter.binary || program !== adapter.binary) return { ...invocation, mounts: [] };
  const executable = await resolveAgentExecutable(program);
  if (!executable) throw new Error(`${adapter.label} (\`${program}\`) is not installed on this worker (not found on its PATH).`);
  return { ...invocation, argv: [executable.path, ...args], mounts: executable.mounts };
}

/** Why the orchestrator stopped the agent: a user, the worker going away, or the run's disk limit. */
type StopRequest = { status: "cancelled" | "interrupted" | "failed"; reason: string };

class StopBeforeStart extends Error {}

/** The run is not this execution's to carry on (settled or taken by another): it leaves the run as it is. */
class NotOurs extends Error {}

const TIMED_OUT = "Timed out: the agent's processes were stopped (SIGTERM, then SIGKILL after the grace).";

/**
 * The run's outcome from what the orchestrator decided (a stop, the timeout), then what the agent
 * reported: a CLI can exit 0 after a failed turn, so its own failed result fails the run, with its words.
 */
async function settle(
  result: SandboxResult,
  stopped: StopRequest | null,
  agentResult: ResultEvent | null,
  context: {
    log: LogIngest;
    clonePath: string;
    mirrorPath: string;
    task: { name: string; branch: string; headSha: string | null };
    runNumber: number;
    startSha: string;
    startedFromBase: boolean;
    upstream: string;
    remoteEnv: Record<string, string>;
  },
): Promise<RunOutcome> {
  if (result.truncated) context.log.system("Output exceeded the cap: the rest was dropped while the agent kept running.");
  if (stopped) return { status: stopped.status, exitCode: result.exitCode, error: stopped.reason, summary: stopped.reason };
  if (result.reason === "timed_out") return { status: "timed_out", exitCode: result.exitCode, error: TIMED_OUT, summary: TIMED_OUT };
  const reason = agentResult?.success === false && agentResult.summary ? `: ${agentResult.summary}` : "";
  if (result.exitCode !== 0) {
    const message = `The agent exited with ${result.exitCode ?? `signal ${result.signal}`}${reason}; its changes were not pushed.`;
    return { status: "failed", exitCode: result.exitCode, error: message, summary: message };
  }
  if (agentResult?.success === false) {
    const message = `The agent reported a failure${reason || " without a reason"}; its changes were not pushed.`;
    return { status: "failed", exitCode: 0, error: message, summary: message };
  }
  const collected = await collectResult({
    clonePath: context.clonePath,
    taskBranch: context.task.branch,
    startSha: context.startSha,
    commitMessage: `${context.task.name} (run ${context.runNumber})`,
  });
  if (!collected.changed) {
    // The branch can be ahead of the task's recorded head: a run pushed it and its worker died before
    // recording it. The branch is what the task holds, so its head becomes the task's head now.
    const unrecorded = !context.startedFromBase && context.startSha !== context.task.headSha ? context.startSha : null;
    if (!unrecorded) return { status: "succeeded", exitCode: 0, summary: "Succeeded: no changes." };
    return {
      status: "succeeded",
      exitCode: 0,
      headSha: unrecorded,
      summary: `Succeeded: no changes; ${context.task.branch} is at ${unrecorded.slice(0, 12)}, pushed by an earlier run that never recorded it, now the task's head.`,
    };
  }
  const { headSha } = await publishBranch({
    clonePath: context.clonePath,
    mirrorPath: context.mirrorPath,
    upstream: context.upstream,
    taskBranch: context.task.branch,
    expectedOldSha: context.startedFromBase ? null : context.startSha,
    newSha: collected.headSha,
    remoteEnv: context.remoteEnv,
  });
  return { status: "succeeded", exitCode: 0, headSha, summary: `Succeeded: pushed ${context.task.branch} at ${headSha.slice(0, 12)}.` };
}

function errorMessage(error: unknown): string {
  if ((error as NodeJS.ErrnoException | null)?.code === "ENOSPC") return `The disk is full (${(error as Error).message}); the run was stopped.`;
  return error instanceof Error ? error.message : String(error);
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GB` : `${Math.round(bytes / 1024 ** 2)} MB`;
}
