import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { env } from "../env.mjs";
import { buildBwrapArgs } from "./bwrap-args.ts";
import { bwrapSandbox } from "./bwrap-sandbox.ts";
import { asProcessEnv } from "./supervise.ts";
import { processGroupSandbox } from "./process-group-sandbox.ts";
import type { Sandbox, SandboxKind } from "./types.ts";

export interface DetectedSandbox {
  kind: SandboxKind;
  sandbox: Sandbox;
}

const PROBE_TIMEOUT_MS = 5_000;

let detection: Promise<DetectedSandbox> | undefined;

/**
 * bwrap when it is installed and can build the exact sandbox runs use (namespaces allowed), probed
 * once; the plain process group otherwise, or when the environment says SANDBOX=none.
 */
export function detectSandbox(): Promise<DetectedSandbox> {
  detection ??= (env.SANDBOX === "none" ? Promise.resolve(false) : bwrapWorks()).then((works) =>
    works ? { kind: "bwrap", sandbox: bwrapSandbox } : { kind: "none", sandbox: processGroupSandbox },
  );
  return detection;
}

async function bwrapWorks(): Promise<boolean> {
  if (process.platform !== "linux") return false;
  const scratch = await mkdtemp(path.join(os.tmpdir(), "orch-bwrap-probe-"));
  try {
    const args = buildBwrapArgs({
      argv: ["true"],
      workdir: scratch,
      home: scratch,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
      shareHostNetwork: false,
      hiddenPaths: [],
      readOnlyPaths: [],
      infoFd: 1, // into the probe's captured stdout
    });
    await promisify(execFile)("bwrap", args, { timeout: PROBE_TIMEOUT_MS, env: asProcessEnv({}) });
    return true;
  } catch {
    return false;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** How a sandbox kind is shown wherever runs are described: "none" always with what it means. */
export function sandboxLabel(kind: SandboxKind): string {
  return kind === "none" ? "none — agents can reach everything this user can" : kind;
}

/**
 * The sandbox a run or check may use here: without bubblewrap, none unless an admin has turned
 * "require sandbox" off knowingly (it is on by default).
 */
export async function permittedSandbox(requireSandbox: boolean): Promise<DetectedSandbox> {
  const detected = await detectSandbox();
  if (detected.kind === "none" && requireSandbox) {
    throw new Error(
      'No sandbox (bubblewrap) is available on this worker and the admin setting "require sandbox" is on: install bubblewrap, or turn the setting off knowing that agents would then reach everything this user can.',
    );
  }
  return detected;
}
