import { ResourceTemplate, type McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { ReadResourceResult } from "@modelcontextprotocol/sdk/types.js";
import { diffPatchStream } from "../review/diff/diff-patch.ts";
import { taskDiffRange } from "../review/diff/task-diff.ts";
import { getTask } from "../tasks/queries.ts";
import { renderSpecMarkdown, taskMarkdownSpec } from "../tasks/spec-markdown.ts";
import type { ToolContext } from "./define-tool.ts";

/** task://<id>/spec.md (the spec in the Markdown template) and task://<id>/diff (the branch's patch). */
export function registerTaskResources(server: McpServer, { actor }: ToolContext): void {
  server.registerResource(
    "task-spec",
    new ResourceTemplate("task://{taskId}/spec.md", { list: undefined }),
    { description: "A task's spec in the Markdown template", mimeType: "text/markdown" },
    async (uri, { taskId }): Promise<ReadResourceResult> => {
      const task = await getTask(actor, String(taskId));
      return { contents: [{ uri: uri.href, mimeType: "text/markdown", text: renderSpecMarkdown(taskMarkdownSpec(task)) }] };
    },
  );
  server.registerResource(
    "task-diff",
    new ResourceTemplate("task://{taskId}/diff", { list: undefined }),
    { description: "A task branch's unified patch against its base", mimeType: "text/x-diff" },
    async (uri, { taskId }): Promise<ReadResourceResult> => {
      const range = await taskDiffRange(actor, String(taskId));
      const text = await new Response(diffPatchStream(range)).text();
      return { contents: [{ uri: uri.href, mimeType: "text/x-diff", text }] };
    },
  );
}
