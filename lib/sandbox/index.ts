export { bwrapSandbox } from "./bwrap-sandbox.ts";
export { type DetectedSandbox, detectSandbox, permittedSandbox, sandboxLabel } from "./detect-sandbox.ts";
export { DEFAULT_GRACE_MS, DEFAULT_MAX_PROCESSES, DEFAULT_OUTPUT_CAP_BYTES } from "./limits.ts";
export { processGroupSandbox } from "./process-group-sandbox.ts";
export { type SandboxEnvironment, sandboxEnv } from "./sandbox-env.ts";
export type * from "./types.ts";
