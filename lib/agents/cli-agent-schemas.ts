// Options of the CLI agent kinds, merged into the task spec's agent union (lib/tasks/spec-schema.ts).
// Only zod here: the spec schema is used in the browser, the adapters are not.
import { z } from "zod";

// A model is passed as the value of a flag: no leading dash, no spaces or shell-looking characters.
const modelName = z
  .string({ error: "Model must be text" })
  .trim()
  .min(1, "Model cannot be empty")
  .max(200, "Model must be at most 200 characters")
  .regex(/^[A-Za-z0-9][\w.:/@+-]*$/, "Model must be a model name such as claude-sonnet-4-5 or openai/gpt-5");

export const CLAUDE_PERMISSION_MODES = ["default", "acceptEdits", "bypassPermissions", "plan"] as const;
export const GEMINI_APPROVAL_MODES = ["default", "auto_edit", "yolo", "plan"] as const;

const DEFAULT_PERMISSION_MODE = "acceptEdits" satisfies (typeof CLAUDE_PERMISSION_MODES)[number];
const DEFAULT_APPROVAL_MODE = "auto_edit" satisfies (typeof GEMINI_APPROVAL_MODES)[number];

/** The one mode option of a CLI agent kind, as the spec form offers it: its field, label, choices and default. */
export const AGENT_MODE_FIELDS: Record<string, { name: string; label: string; choices: readonly string[]; default: string }> = {
  "claude-code": { name: "permissionMode", label: "Permission mode", choices: CLAUDE_PERMISSION_MODES, default: DEFAULT_PERMISSION_MODE },
  gemini: { name: "approvalMode", label: "Approval mode", choices: GEMINI_APPROVAL_MODES, default: DEFAULT_APPROVAL_MODE },
};

// Defaults let an agent edit the clone without asking (it cannot answer in a run) and leave broader
// autonomy (shell commands without approval) to an explicit choice; the orchestrator's sandbox bounds both.
export const claudeCodeAgentSchema = z.object({
  kind: z.literal("claude-code"),
  permissionMode: z
    .enum(CLAUDE_PERMISSION_MODES, { error: `Permission mode must be one of ${CLAUDE_PERMISSION_MODES.join(", ")}` })
    .default(DEFAULT_PERMISSION_MODE),
  model: modelName.optional(),
});

// No sandbox mode: Codex's own sandbox (bubblewrap or landlock) cannot start inside the run's, which
// bounds it instead; a spec from before, naming one, still parses (the key is dropped).
export const codexAgentSchema = z.object({
  kind: z.literal("codex"),
  model: modelName.optional(),
});

export const geminiAgentSchema = z.object({
  kind: z.literal("gemini"),
  approvalMode: z
    .enum(GEMINI_APPROVAL_MODES, { error: `Approval mode must be one of ${GEMINI_APPROVAL_MODES.join(", ")}` })
    .default(DEFAULT_APPROVAL_MODE),
  model: modelName.optional(),
});

export const aiderAgentSchema = z.object({
  kind: z.literal("aider"),
  model: modelName.optional(),
});

export const opencodeAgentSchema = z.object({
  kind: z.literal("opencode"),
  model: modelName.optional(),
});

export const cursorAgentSchema = z.object({
  kind: z.literal("cursor"),
  // Cursor's headless mode only proposes edits unless --force is given, so a run needs it to change anything.
  force: z.boolean({ error: "Force must be true or false" }).default(true),
  model: modelName.optional(),
});

export const cliAgentSchemas = [
  claudeCodeAgentSchema,
  codexAgentSchema,
  geminiAgentSchema,
  aiderAgentSchema,
  opencodeAgentSchema,
  cursorAgentSchema,
] as const;

export type CliAgentSpec = z.output<(typeof cliAgentSchemas)[number]>;
export type CliAgentKind = CliAgentSpec["kind"];
