import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { closeTask } from "../../pipeline/close-task.ts";
import { listTasks } from "../../pipeline/list-tasks.ts";
import { repositoryDto } from "../../repositories/dto.ts";
import { listRepositories } from "../../repositories/queries.ts";
import { createTask } from "../../tasks/create-task.ts";
import { createTaskFromMarkdown } from "../../tasks/create-task-from-markdown.ts";
import { taskDto } from "../../tasks/dto.ts";
import { taskListQuerySchema } from "../../tasks/list-query-schema.ts";
import { MAX_WAIT_SECONDS, waitForTaskChange } from "../../tasks/wait-for-task-change.ts";
import { defineTool, type ToolContext } from "../define-tool.ts";
import { describeOverview, taskOverview } from "../task-overview.ts";
import { answer } from "../tool-result.ts";

const taskId = z.string().describe("The task's id");
const agent = z.object({ kind: z.string() }).passthrough().describe('The coding agent, e.g. {"kind": "claude-code"}; see the REST API\'s TaskSpec');

export function registerTaskTools(server: McpServer, context: ToolContext): void {
  const { actor } = context;

  defineTool(server, context, "list_repositories", { description: "The repositories tasks can be created on, with their checks.", input: {}, readOnly: true }, async () => {
    const items = (await listRepositories(actor)).map(repositoryDto);
    return answer(items.map((repository) => `${repository.name} (${repository.id}), base ${repository.baseBranch}`).join("\n") || "No repositories yet.", { items });
  });

  defineTool(
    server,
    context,
    "list_tasks",
    { description: "A page of tasks (20), newest first; filter by repository, status, view (mine, review_requested) or words of the name.", input: taskListQuerySchema.shape, readOnly: true },
    async (args) => {
      const page = await listTasks(actor, args);
      const items = page.items.map(taskDto);
      const lines = items.map((task) => `${task.id}: "${task.name}" ${task.status} on ${task.branch}`);
      return answer([`${page.total} task(s); page ${page.page}.`, ...lines].join("\n"), { ...page, items });
    },
  );

  defineTool(
    server,
    context,
    "create_task",
    {
      description:
        "Creates a task from a spec: either `markdown` in the template (## Task: <name>, **Branch:**, **Goal:**, **Files to modify:**, **Acceptance Criteria:**, **Context:**) or the structured fields. Then call spawn_run.",
      input: {
        repositoryId: z.string().describe("From list_repositories"),
        markdown: z.string().optional().describe("The whole spec in the Markdown template"),
        name: z.string().optional(),
        branch: z.string().optional().describe("feature/<slug>; from the name when left out"),
        goal: z.string().optional(),
        context: z.string().optional(),
        files: z.array(z.object({ path: z.string(), change: z.string() })).optional(),
        acceptanceCriteria: z.array(z.object({ text: z.string(), check: z.string().optional() })).optional(),
        agent: agent.optional(),
        timeoutSeconds: z.number().optional(),
        autoFixAttempts: z.number().optional(),
      },
    },
    async (args) => {
      if (args.markdown !== undefined) {
        const { task, unmapped } = await createTaskFromMarkdown(actor, args);
        const note = unmapped.length > 0 ? `\nNot used: ${unmapped.map((line) => `line ${line.line} (${line.reason})`).join("; ")}.` : "";
        return answer(`Created task ${task.id} on ${task.branch}. Call spawn_run to start the agent.${note}`, { task: taskDto(task), unmapped });
      }
      const task = await createTask(actor, args);
      return answer(`Created task ${task.id} on ${task.branch}. Call spawn_run to start the agent.`, { task: taskDto(task) });
    },
  );

  defineTool(
    server,
    context,
    "get_task",
    { description: "The task's status, head, checks, acceptance criteria, merge checklist and latest run.", input: { taskId }, readOnly: true },
    async (args) => {
      const overview = await taskOverview(actor, args.taskId);
      return answer(describeOverview(overview), overview);
    },
  );

  defineTool(
    server,
    context,
    "wait_for_task",
    {
      description: `Blocks until the task's status or head changes (from what you pass, or from now), at most timeoutSeconds (≤ ${MAX_WAIT_SECONDS}), then answers as get_task with \`changed\`. Call it again to keep waiting.`,
      input: {
        taskId,
        timeoutSeconds: z.number().int().min(1).max(MAX_WAIT_SECONDS).default(30),
        status: z.string().optional().describe("The status you last saw"),
        headSha: z.string().nullable().optional().describe("The head you last saw"),
      },
      readOnly: true,
    },
    async (args, signal) => {
      const { changed } = await waitForTaskChange(actor, args.taskId, { timeoutSeconds: args.timeoutSeconds, known: { status: args.status, headSha: args.headSha }, signal });
      const overview = await taskOverview(actor, args.taskId);
      return answer(`${changed ? "Changed." : `No change within ${args.timeoutSeconds} s.`}\n${describeOverview(overview)}`, { changed, ...overview });
    },
  );

  defineTool(
    server,
    context,
    "close_task",
    { description: "Closes the task without merging, with a reason; its branch stays.", input: { taskId, reason: z.string() } },
    async (args) => {
      const task = await closeTask(actor, args.taskId, { reason: args.reason });
      return answer(`Closed task ${task.id}.`, { task: taskDto(task) });
    },
  );
}
