// Gemini CLI headless mode (docs: geminicli.com/docs/cli/headless; event shapes in
// packages/core/src/output/types.ts). `gemini --output-format stream-json` with the prompt on stdin (not
// a terminal: headless) prints JSONL:
// init{session_id,model}, message{role:"user"|"assistant",content,delta?}, tool_use{tool_name,tool_id,
// parameters}, tool_result{tool_id,status:"success"|"error",output?,error?{message}},
// error{severity:"warning"|"error",message}, result{status:"success"|"error",error?{message},
// stats?{total_tokens,input_tokens,output_tokens,cached,models{<model>:{...}}}}. An assistant message
// arrives in pieces (`delta: true`), joined here into one message.
import { geminiAgentSchema } from "./cli-agent-schemas.ts";
import { detectBinary } from "./detect-binary.ts";
import { agentError, command, fileChange, message, messageIfAny, result, toolCall, toolResult } from "./events.ts";
import { asNumber, asObject, asString, type JsonObject } from "./json-fields.ts";
import { createJsonlParser } from "./jsonl-parser.ts";
import type { AgentAdapter } from "./types.ts";
import type { AgentEvent } from "../logs/log-events.ts";

// Gemini CLI's built-in tools that run a shell command or write a file.
const SHELL_TOOL = "run_shell_command";
const FILE_WRITING_TOOLS: Record<string, string> = { write_file: "write", replace: "edit" };

export const geminiAdapter: AgentAdapter = {
  kind: "gemini",
  label: "Gemini CLI",
  binary: "gemini",
  modelHosts: ["generativelanguage.googleapis.com", "cloudcode-pa.googleapis.com", "oauth2.googleapis.com"],
  detect: (options) => detectBinary("gemini", options),
  buildInvocation({ prompt, options }) {
    const { approvalMode, model } = geminiAgentSchema.parse(options);
    return {
      // The prompt on stdin, which may be larger than one argument. --skip-trust: the run's clone is one
      // the orchestrator made, in its sandbox; untrusted, Gemini CLI exits 55 in headless mode.
      argv: ["gemini", "--output-format", "stream-json", "--approval-mode", approvalMode, "--skip-trust", ...(model ? ["--model", model] : [])],
      stdin: prompt,
    };
  },
  createParser() {
    const toolNames = new Map<string, string>();
    let pieces: string[] = [];
    // The message so far, once a line other than its next piece arrives (or the stream ends).
    const joined = (): AgentEvent[] => {
      const text = pieces.join("");
      pieces = [];
      return messageIfAny(text, "assistant");
    };
    const mapEvent = (event: JsonObject): AgentEvent[] | undefined => {
        switch (event.type) {
          case "init":
            return [];
          case "message":
            // The user message repeats the prompt the run already shows.
            return event.role === "assistant" ? messageIfAny(asString(event.content), "assistant") : [];
          case "tool_use":
            return [toolUse(event, toolNames)];
          case "tool_result": {
            const id = asString(event.tool_id);
            const failed = event.status === "error";
            return [
              toolResult({
                name: id ? toolNames.get(id) : undefined,
                output: failed ? asString(asObject(event.error)?.message) : asString(event.output),
                isError: failed ? true : undefined,
              }),
            ];
          }
          case "error": {
            const text = asString(event.message) ?? "Gemini CLI reported an error.";
            return [agentError(event.severity === "warning" ? `Warning: ${text}` : text)];
          }
          case "result":
            return [resultEvent(event)];
          default:
            return undefined;
        }
    };
    return createJsonlParser({
      map(event) {
        if (event.type === "message" && event.role === "assistant" && event.delta === true) {
          pieces.push(asString(event.content) ?? "");
          return [];
        }
        const mapped = mapEvent(event);
        return pieces.length > 0 ? [...joined(), ...(mapped ?? [message(JSON.stringify(event))])] : mapped;
      },
      flush: joined,
    });
  },
};

function toolUse(event: JsonObject, toolNames: Map<string, string>): AgentEvent {
  const name = asString(event.tool_name) ?? "tool";
  const id = asString(event.tool_id);
  if (id) toolNames.set(id, name);
  const parameters = asObject(event.parameters);
  const shellCommand = asString(parameters?.command);
  if (name === SHELL_TOOL && shellCommand) return command(shellCommand);
  const filePath = asString(parameters?.file_path);
  const change = FILE_WRITING_TOOLS[name];
  if (change && filePath) return fileChange(filePath, change);
  return toolCall(name, event.parameters);
}

function resultEvent(event: JsonObject): AgentEvent {
  const stats = asObject(event.stats);
  const success = event.status === "success";
  const models = Object.entries(asObject(stats?.models) ?? {}).map(([name, usage]) => ({ name, tokens: asNumber(asObject(usage)?.total_tokens) ?? 0 }));
  return result({
    success,
    summary: success ? undefined : (asString(asObject(event.error)?.message) ?? "Gemini CLI reported a failure."),
    tokens: stats && { input: asNumber(stats.input_tokens), output: asNumber(stats.output_tokens), total: asNumber(stats.total_tokens), cacheRead: asNumber(stats.cached) },
    model: models.sort((a, b) => b.tokens - a.tokens)[0]?.name,
  });
}
