// Cursor Agent CLI (docs: cursor.com/docs/cli/headless and cli/reference/output-format).
// `cursor-agent -p <prompt> --output-format stream-json` prints NDJSON: {type:"system",subtype:"init"},
// {type:"user"} (the prompt), {type:"assistant",message:{content:[{type:"text",text}]}} once per message,
// {type:"tool_call",subtype:"started"|"completed",call_id,tool_call:{<name>ToolCall:{args,result?}}}
// (documented: readToolCall, writeToolCall with result.success{path,linesCreated,fileSize}; other tools
// as {function:{name,arguments}}), and last {type:"result",subtype:"success",is_error,result,duration_ms}.
// On failure it exits non-zero with the message on stderr. shellToolCall {args:{command},
// result:{success|failure:{exitCode,stdout,stderr}}} is as the CLI prints it; the docs do not list it.
import { cursorAgentSchema } from "./cli-agent-schemas.ts";
import { detectBinary } from "./detect-binary.ts";
import { command, fileChange, messageIfAny, result, toolCall, toolResult } from "./events.ts";
import { asNumber, asObject, asObjects, asString, type JsonObject } from "./json-fields.ts";
import { createJsonlParser } from "./jsonl-parser.ts";
import type { AgentAdapter } from "./types.ts";
import type { AgentEvent } from "../logs/log-events.ts";

const FILE_WRITING_TOOLS: Record<string, string> = { write: "write", edit: "edit", delete: "delete" };

export const cursorAdapter: AgentAdapter = {
  kind: "cursor",
  label: "Cursor Agent",
  binary: "cursor-agent",
  modelHosts: ["*.cursor.sh"],
  detect: (options) => detectBinary("cursor-agent", options),
  buildInvocation({ prompt, options }) {
    const { force, model } = cursorAgentSchema.parse(options);
    return {
      argv: [
        "cursor-agent",
        "-p",
        prompt,
        "--output-format",
        "stream-json",
        ...(force ? ["--force"] : []),
        ...(model ? ["--model", model] : []),
      ],
      stdin: null,
    };
  },
  createParser() {
    return createJsonlParser({
      map(event) {
        switch (event.type) {
          case "system":
          case "user": // the prompt, which the run already shows
            return [];
          case "assistant":
            return asObjects(asObject(event.message)?.content).flatMap((block) => messageIfAny(asString(block.text), "assistant"));
          case "tool_call":
            return toolCallEvent(event);
          case "result":
            return [
              result({
                success: event.subtype === "success" && event.is_error !== true,
                summary: asString(event.result),
              }),
            ];
          default:
            return undefined;
        }
      },
    });
  },
};

interface CursorTool {
  name: string;
  args: JsonObject | undefined;
  result: JsonObject | undefined;
}

function toolCallEvent(event: JsonObject): AgentEvent[] {
  const tool = describeTool(asObject(event.tool_call));
  if (!tool) return [];
  const shellCommand = asString(tool.args?.command);
  const filePath = asString(tool.args?.path);
  const change = FILE_WRITING_TOOLS[tool.name];
  // Commands and file changes are reported once, on completion, with their outcome.
  const reportedOnCompletion = (tool.name === "shell" && shellCommand) || (change && filePath);
  if (event.subtype === "started") return reportedOnCompletion ? [] : [toolCall(tool.name, tool.args)];
  if (event.subtype !== "completed") return [];
  const success = asObject(tool.result?.success);
  if (tool.name === "shell" && shellCommand) {
    const outcome = success ?? asObject(tool.result?.failure);
    const output = [asString(outcome?.stdout), asString(outcome?.stderr)].filter(Boolean).join("\n");
    return [command(shellCommand, { exitCode: asNumber(outcome?.exitCode), output: output || undefined })];
  }
  if (change && filePath && success) return [fileChange(filePath, change)];
  if (!tool.result) return [toolResult({ name: tool.name })];
  return [toolResult({ name: tool.name, output: JSON.stringify(success ?? tool.result), isError: success ? undefined : true })];
}

/** `{readToolCall:{args,result}}` → read; `{function:{name,arguments}}` → its name. */
function describeTool(toolCallField: JsonObject | undefined): CursorTool | undefined {
  const [key, value] = Object.entries(toolCallField ?? {})[0] ?? [];
  const details = asObject(value);
  if (!key || !details) return undefined;
  if (key === "function") return { name: asString(details.name) ?? "function", args: parseArguments(details.arguments), result: asObject(details.result) };
  return { name: key.replace(/ToolCall$/, ""), args: asObject(details.args), result: asObject(details.result) };
}

function parseArguments(value: unknown): JsonObject | undefined {
  if (typeof value !== "string") return asObject(value);
  try {
    return asObject(JSON.parse(value));
  } catch {
    return { arguments: value };
  }
}
