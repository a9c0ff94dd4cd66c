import { z } from "zod";
import { text } from "../validation.ts";
import { cliAgentSchemas } from "./cli-agent-schemas.ts";

export const scriptAgentSchema = z.object({
  kind: z.literal("script"),
  script: text(100_000, "Script"),
});

export const commandAgentSchema = z.object({
  kind: z.literal("command"),
  argv: z
    .array(z.string().min(1, "Arguments cannot be empty").max(4000))
    .min(1, "The command needs at least a program")
    .max(100, "At most 100 arguments"),
});

export const agentSchema = z.discriminatedUnion("kind", [scriptAgentSchema, commandAgentSchema, ...cliAgentSchemas], {
  error: `Agent kind must be one of script, command, ${cliAgentSchemas.map((schema) => schema.shape.kind.value).join(", ")}`,
});

export type AgentSpec = z.output<typeof agentSchema>;
