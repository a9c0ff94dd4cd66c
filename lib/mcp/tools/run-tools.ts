import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { cancelRun } from "../../pipeline/cancel-run.ts";
import { spawnRun } from "../../pipeline/spawn-run.ts";
import { runDto } from "../../runs/dto.ts";
import { getRun, runEventsAfter, runEventsTail } from "../../runs/queries.ts";
import { defineTool, type ToolContext } from "../define-tool.ts";
import { answer } from "../tool-result.ts";

const MAX_LOG_LINES = 1_000;

export function registerRunTools(server: McpServer, context: ToolContext): void {
  const { actor } = context;

  defineTool(
    server,
    context,
    "spawn_run",
    { description: "Starts the task's agent in its sandbox on the task branch. Then call wait_for_task.", input: { taskId: z.string() } },
    async (args) => {
      const run = await spawnRun(actor, args.taskId);
      return answer(`Run #${run.number} (${run.id}) is ${run.status}. Call wait_for_task to hear when it pushes or ends.`, { run: runDto(run) });
    },
  );

  defineTool(server, context, "cancel_run", { description: "Cancels a queued or running run.", input: { runId: z.string() } }, async (args) => {
    const result = await cancelRun(actor, args.runId);
    return answer(`Run ${result.id} is ${result.status}.`, result);
  });

  defineTool(
    server,
    context,
    "get_run_log",
    {
      description: `A run's log: its last \`tail\` lines (default 100), or the lines after \`afterSeq\` (at most ${MAX_LOG_LINES}). Each line has a seq to continue from.`,
      input: { runId: z.string(), tail: z.number().int().min(1).max(MAX_LOG_LINES).optional(), afterSeq: z.number().int().min(0).optional() },
      readOnly: true,
    },
    async (args) => {
      const run = await getRun(actor, args.runId);
      const lines = args.afterSeq === undefined ? await runEventsTail(run.id, args.tail ?? 100) : await runEventsAfter(run.id, args.afterSeq, args.tail ?? MAX_LOG_LINES);
      const items = lines.map((line) => ({ seq: line.seq, stream: line.stream, text: line.text }));
      const text = items.map((line) => `${line.seq} ${line.stream === "stdout" ? "" : `[${line.stream}] `}${line.text}`).join("\n");
      return answer(`Run #${run.number} is ${run.status}; ${items.length} line(s):\n${text}`, { run: runDto(run), lines: items });
    },
  );
}
