// Claude Code headless mode (docs: docs.anthropic.com/en/docs/claude-code/sdk/sdk-headless; message
// shapes: the Agent SDK reference, SDKMessage).
// `claude -p <prompt> --output-format stream-json --verbose` prints one SDK message per line:
// {type:"system",subtype:"init"}, {type:"assistant",message:{content:[text|thinking|tool_use blocks]}},
// {type:"user",message:{content:[{type:"tool_result",tool_use_id,content,is_error}]}}, and last
// {type:"result",subtype:"success"|"error_*",is_error,result,total_cost_usd,usage:{input_tokens,
// cache_creation_input_tokens,cache_read_input_tokens,output_tokens}}.
import { claudeCodeAgentSchema } from "./cli-agent-schemas.ts";
import { detectBinary } from "./detect-binary.ts";
import { command, fileChange, messageIfAny, result, sumKnown, toolCall, toolResult } from "./events.ts";
import { asArray, asNumber, asObject, asObjects, asString, type JsonObject } from "./json-fields.ts";
import { createJsonlParser } from "./jsonl-parser.ts";
import type { AgentAdapter } from "./types.ts";
import type { AgentEvent } from "../logs/log-events.ts";

const FILE_EDITING_TOOLS: Record<string, string> = { Edit: "edit", MultiEdit: "edit", Write: "write", NotebookEdit: "edit" };

export const claudeCodeAdapter: AgentAdapter = {
  kind: "claude-code",
  label: "Claude Code",
  binary: "claude",
  detect: () => detectBinary("claude"),
  buildInvocation({ prompt, options }) {
    const { permissionMode, model } = claudeCodeAgentSchema.parse(options);
    return {
      argv: [
        "claude",
        "-p",
        prompt,
        "--output-format",
        "stream-json",
        "--verbose", // stream-json requires it in print mode
        "--permission-mode",
        permissionMode,
        ...(model ? ["--model", model] : []),
      ],
      stdin: null,
    };
  },
  createParser() {
    const toolNames = new Map<string, string>();
    return createJsonlParser({
      map(event) {
        switch (event.type) {
          case "system":
            return [];
          case "assistant":
            return contentBlocks(event).flatMap((block) => assistantBlock(block, toolNames));
          case "user":
            return contentBlocks(event).flatMap((block) => toolResultBlock(block, toolNames));
          case "result":
            return [resultEvent(event)];
          default:
            return undefined;
        }
      },
    });
  },
};

function contentBlocks(event: JsonObject): JsonObject[] {
  return asObjects(asObject(event.message)?.content);
}

function assistantBlock(block: JsonObject, toolNames: Map<string, string>): AgentEvent[] {
  if (block.type === "text") return messageIfAny(asString(block.text), "assistant");
  if (block.type === "thinking") return messageIfAny(asString(block.thinking), "reasoning");
  if (block.type !== "tool_use") return [];
  const name = asString(block.name) ?? "tool";
  const id = asString(block.id);
  if (id) toolNames.set(id, name);
  const input = asObject(block.input);
  const shellCommand = asString(input?.command);
  if (name === "Bash" && shellCommand) return [command(shellCommand)];
  const editedPath = asString(input?.file_path) ?? asString(input?.notebook_path);
  const change = FILE_EDITING_TOOLS[name];
  if (change && editedPath) return [fileChange(editedPath, change)];
  return [toolCall(name, block.input)];
}

function toolResultBlock(block: JsonObject, toolNames: Map<string, string>): AgentEvent[] {
  if (block.type !== "tool_result") return [];
  const id = asString(block.tool_use_id);
  return [toolResult({ name: id ? toolNames.get(id) : undefined, output: resultText(block.content), isError: block.is_error === true ? true : undefined })];
}

/** tool_result content is a string or a list of text blocks. */
function resultText(content: unknown): string | undefined {
  if (typeof content === "string") return content;
  const texts = asObjects(content).flatMap((block) => asString(block.text) ?? []);
  return texts.length > 0 ? texts.join("\n") : undefined;
}

function resultEvent(event: JsonObject): AgentEvent {
  const usage = asObject(event.usage);
  const errors = asArray(event.errors).flatMap((error) => asString(error) ?? []);
  return result({
    success: event.subtype === "success" && event.is_error !== true,
    summary: asString(event.result) ?? (errors.length > 0 ? errors.join("\n") : asString(event.subtype)),
    tokens: usage && {
      // input_tokens excludes cached input; count all input the model read, as the other CLIs report it.
      input: sumKnown(asNumber(usage.input_tokens), asNumber(usage.cache_creation_input_tokens), asNumber(usage.cache_read_input_tokens)),
      output: asNumber(usage.output_tokens),
    },
    costUsd: asNumber(event.total_cost_usd),
  });
}
