import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { ToolContext } from "./define-tool.ts";
import { registerTaskResources } from "./task-resources.ts";
import { registerReviewTools } from "./tools/review-tools.ts";
import { registerRunTools } from "./tools/run-tools.ts";
import { registerTaskTools } from "./tools/task-tools.ts";

const INSTRUCTIONS = `Code Orchestrator runs coding agents on feature branches and merges only what it verified.
The loop: create_task (Markdown spec or fields) → spawn_run → wait_for_task until the run pushed and checks ended →
list_checks (on failure: request_changes with what to fix, then wait again) → get_diff → a person approves →
merge with the reviewed headSha. You can do what your token's scopes and its user's role allow, never more.`;

/** The MCP server of one request, its tools and resources acting as `context.actor`. */
export function createMcpServer(context: ToolContext): McpServer {
  const server = new McpServer({ name: "code-orchestrator", version: "1.0.0" }, { instructions: INSTRUCTIONS });
  registerTaskTools(server, context);
  registerRunTools(server, context);
  registerReviewTools(server, context);
  registerTaskResources(server, context);
  return server;
}
