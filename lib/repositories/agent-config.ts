import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { parseInput } from "../validation.ts";

/**
 * The configuration files each agent kind reads from its HOME, which the run writes into its private
 * HOME: a model provider for Codex, the auth method for Gemini CLI, a provider for OpenCode, settings
 * for Claude Code. Paths are relative to HOME; only these may be written.
 */
export const AGENT_CONFIG_FILES = {
  "claude-code": [".claude/settings.json"],
  codex: [".codex/config.toml"],
  gemini: [".gemini/settings.json"],
  opencode: [".config/opencode/opencode.json"],
} as const satisfies Record<string, readonly string[]>;

export type AgentConfigKind = keyof typeof AGENT_CONFIG_FILES;
export type AgentConfig = Partial<Record<AgentConfigKind, Record<string, string>>>;

const MAX_FILE_CHARACTERS = 64_000;

function fileProblem(file: string, content: string): string | null {
  if (content.length > MAX_FILE_CHARACTERS) return `${file} is longer than ${MAX_FILE_CHARACTERS.toLocaleString("en")} characters`;
  if (content.includes("\u0000")) return `${file} contains a NUL character`;
  if (file.endsWith(".json")) {
    try {
      const parsed: unknown = JSON.parse(content);
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return `${file} must be a JSON object`;
    } catch (error) {
      return `${file} is not valid JSON: ${(error as Error).message}`;
    }
  }
  return null;
}

export const agentConfigSchema = z.strictObject(
    Object.fromEntries(
      Object.entries(AGENT_CONFIG_FILES).map(([kind, files]) => [
        kind,
        z
          .record(z.string(), z.string({ error: "A file's content is text" }))
          .superRefine((given, context) => {
            for (const [file, content] of Object.entries(given)) {
              if (!(files as readonly string[]).includes(file)) {
                context.addIssue({ code: "custom", path: [file], message: `${kind} reads ${files.join(", ")} from its home, not ${file}` });
                continue;
              }
              const problem = fileProblem(file, content);
              if (problem) context.addIssue({ code: "custom", path: [file], message: problem });
            }
          })
          .optional(),
      ]),
    ) as Record<AgentConfigKind, z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodString>>>,
  { error: (issue) => (issue.code === "unrecognized_keys" ? `Only claude-code, codex, gemini and opencode have configuration files, not ${issue.keys.join(", ")}` : undefined) },
);

/** The files of `agentKind` to write into a run's HOME (relative path → content); none for other kinds. */
export function agentConfigFiles(agentConfig: unknown, agentKind: string): Record<string, string> {
  const parsed = agentConfigSchema.safeParse(agentConfig ?? {});
  if (!parsed.success || !Object.hasOwn(AGENT_CONFIG_FILES, agentKind)) return {};
  return parsed.data[agentKind as AgentConfigKind] ?? {};
}

/**
 * Replaces the configuration files a repository's agents find in their HOME. Admins only, as the agent
 * environment: a file can point an agent at another model server. API keys belong in the environment.
 */
export async function updateAgentConfig(actor: Actor | null, repositoryId: string, input: unknown): Promise<AgentConfig> {
  requirePermission(actor, "settings.manage");
  const config = parseInput(agentConfigSchema, input) as AgentConfig;
  if (!(await prisma.repository.findUnique({ where: { id: repositoryId }, select: { id: true } }))) {
    throw new AppError("not_found", "No such repository.");
  }
  await prisma.$transaction(async (tx) => {
    await tx.repository.update({ where: { id: repositoryId }, data: { agentConfig: config } });
    await recordAuditEvent(tx, {
      actorId: actor.id,
      action: "repository.agent_config_updated",
      targetType: "repository",
      targetId: repositoryId,
      data: { files: Object.fromEntries(Object.entries(config).map(([kind, files]) => [kind, Object.keys(files ?? {})])) },
    });
  });
  return config;
}
