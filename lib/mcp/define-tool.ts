import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { z } from "zod";
import type { Actor } from "../auth/permissions.ts";
import type { Logger } from "../logger.ts";
import { toolError } from "./tool-result.ts";

/** What every tool is called with besides its arguments: who calls, and where its problems are logged. */
export interface ToolContext {
  actor: Actor;
  log: Logger;
}

/**
 * Registers a tool whose arguments the SDK checks against `input` (the service then validates them
 * with the REST API's schema) and whose every refusal becomes a tool error saying what to do next.
 */
export function defineTool<Shape extends z.ZodRawShape>(
  server: McpServer,
  context: ToolContext,
  name: string,
  config: { description: string; input: Shape; readOnly?: boolean },
  run: (args: z.output<z.ZodObject<Shape>>, signal: AbortSignal) => Promise<CallToolResult>,
): void {
  server.registerTool(
    name,
    { description: config.description, inputSchema: config.input, annotations: { readOnlyHint: config.readOnly ?? false } },
    (async (args: z.output<z.ZodObject<Shape>>, extra: { signal: AbortSignal }) => {
      try {
        return await run(args, extra.signal);
      } catch (error) {
        return toolError(error, context.log.child({ tool: name }));
      }
    }) as never,
  );
}
