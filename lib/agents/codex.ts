// OpenAI Codex CLI non-interactive mode (docs: github.com/openai/codex docs/exec.md; event types in
// codex-rs/exec/src/exec_events.rs). `codex exec --json -` reads the prompt from stdin ("if `-` is used,
// instructions are read from stdin") and prints JSONL: thread.started, turn.started,
// item.started|updated|completed {item:{id,type,...}}, turn.completed {usage:{input_tokens,
// cached_input_tokens,output_tokens}}, turn.failed {error:{message}}, error {message}. Item types:
// agent_message{text}, reasoning{text}, command_execution{command,aggregated_output,exit_code,status},
// file_change{changes:[{path,kind}],status}, mcp_tool_call{server,tool,arguments,result,error,status},
// web_search{query}, todo_list, error{message}.
import { codexAgentSchema } from "./cli-agent-schemas.ts";
import { detectBinary } from "./detect-binary.ts";
import { agentError, command, fileChange, messageIfAny, result, toolCall, toolResult } from "./events.ts";
import { asNumber, asObject, asObjects, asString, type JsonObject } from "./json-fields.ts";
import { createJsonlParser } from "./jsonl-parser.ts";
import type { AgentAdapter } from "./types.ts";
import type { AgentEvent } from "../logs/log-events.ts";

export const codexAdapter: AgentAdapter = {
  kind: "codex",
  label: "OpenAI Codex",
  binary: "codex",
  modelHosts: ["api.openai.com", "chatgpt.com"],
  detect: (options) => detectBinary("codex", options),
  buildInvocation({ prompt, options }) {
    const { model } = codexAgentSchema.parse(options);
    return {
      // Codex's own sandbox cannot start inside the run's (its patches failed while it reported success):
      // the run's sandbox is the boundary, so Codex runs with its own off.
      argv: ["codex", "exec", "--json", "--sandbox", "danger-full-access", ...(model ? ["--model", model] : []), "-"],
      stdin: prompt,
    };
  },
  createParser() {
    let lastAgentMessage: string | undefined;
    // Codex ends its turn "completed" even when a patch it made was not applied: the run must not pass.
    const unapplied: string[] = [];
    return createJsonlParser({
      map(event) {
        switch (event.type) {
          case "thread.started":
          case "turn.started":
          case "item.updated":
            return [];
          case "item.started":
            return startedItem(asObject(event.item));
          case "item.completed": {
            const item = asObject(event.item);
            if (item?.type === "agent_message") lastAgentMessage = asString(item.text) ?? lastAgentMessage;
            if (item?.type === "file_change" && item.status === "failed") unapplied.push(...asObjects(item.changes).flatMap((change) => asString(change.path) ?? []));
            return completedItem(item);
          }
          case "turn.completed": {
            const usage = asObject(event.usage);
            return [
              result({
                success: unapplied.length === 0,
                summary: unapplied.length === 0 ? lastAgentMessage : `Codex's changes to ${unapplied.join(", ")} were not applied.`,
                tokens: usage && { input: asNumber(usage.input_tokens), output: asNumber(usage.output_tokens), cacheRead: asNumber(usage.cached_input_tokens) },
              }),
            ];
          }
          case "turn.failed":
            return [result({ success: false, summary: asString(asObject(event.error)?.message) ?? "The turn failed." })];
          case "error":
            return [agentError(asString(event.message) ?? "Codex reported an error.")];
          default:
            return undefined;
        }
      },
    });
  },
};

// Commands and file changes are reported when they complete, with their outcome; only an MCP call is
// worth showing while it runs.
function startedItem(item: JsonObject | undefined): AgentEvent[] {
  if (item?.type !== "mcp_tool_call") return [];
  return [toolCall(mcpToolName(item), item.arguments)];
}

function completedItem(item: JsonObject | undefined): AgentEvent[] | undefined {
  switch (item?.type) {
    case "agent_message":
      return messageIfAny(asString(item.text), "assistant");
    case "reasoning":
      return messageIfAny(asString(item.text), "reasoning");
    case "command_execution":
      return [command(asString(item.command) ?? "", { exitCode: asNumber(item.exit_code), output: asString(item.aggregated_output) })];
    case "file_change": {
      const changes = asObjects(item.changes).flatMap((change) => {
        const path = asString(change.path);
        return path ? [{ path, kind: asString(change.kind) }] : [];
      });
      if (item.status === "failed") {
        return [toolResult({ name: "file_change", output: `Not applied: ${changes.map((change) => change.path).join(", ")}`, isError: true })];
      }
      return changes.map((change) => fileChange(change.path, change.kind));
    }
    case "mcp_tool_call": {
      const failure = asString(asObject(item.error)?.message);
      const output = failure ?? (item.result === undefined || item.result === null ? undefined : JSON.stringify(item.result));
      return [toolResult({ name: mcpToolName(item), output, isError: item.status === "failed" ? true : undefined })];
    }
    case "web_search":
      return [toolCall("web_search", { query: asString(item.query) })];
    case "todo_list":
      return [];
    case "error":
      return [agentError(asString(item.message) ?? "Codex reported an error.")];
    default:
      return undefined;
  }
}

function mcpToolName(item: JsonObject): string {
  return `${asString(item.server) ?? "mcp"}.${asString(item.tool) ?? "tool"}`;
}
