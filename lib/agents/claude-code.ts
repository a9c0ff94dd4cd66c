// Claude Code headless mode (docs: docs.anthropic.com/en/docs/claude-code/sdk/sdk-headless; message
// shapes: the Agent SDK reference, SDKMessage).
// `claude -p --output-format stream-json --verbose` (the prompt on stdin) prints one SDK message per line:
// {type:"system",subtype:"init"}, {type:"assistant",message:{content:[text|thinking|tool_use blocks]}},
// {type:"user",message:{content:[{type:"tool_result",tool_use_id,content,is_error}]}}, and last
// {type:"result",subtype:"success"|"error_*",is_error,result,total_cost_usd,usage:{input_tokens,
// cache_creation_input_tokens,cache_read_input_tokens,output_tokens}}.
import { claudeCodeAgentSchema } from "./cli-agent-schemas.ts";
import { detectBinary } from "./detect-binary.ts";
import { agentError, command, fileChange, messageIfAny, result, sumKnown, toolCall, toolResult } from "./events.ts";
import { asArray, asNumber, asObject, asObjects, asString, type JsonObject } from "./json-fields.ts";
import { createJsonlParser } from "./jsonl-parser.ts";
import type { AgentAdapter } from "./types.ts";
import type { AgentEvent } from "../logs/log-events.ts";

const FILE_EDITING_TOOLS: Record<string, string> = { Edit: "edit", MultiEdit: "edit", Write: "write", NotebookEdit: "edit" };

export const claudeCodeAdapter: AgentAdapter = {
  kind: "claude-code",
  label: "Claude Code",
  binary: "claude",
  modelHosts: ["api.anthropic.com"],
  detect: (options) => detectBinary("claude", options),
  buildInvocation({ prompt, options, budgetUsd }) {
    const { permissionMode, model } = claudeCodeAgentSchema.parse(options);
    return {
      // The prompt goes on stdin (`-p` without one reads it there): a spec's prompt can be larger than
      // the kernel takes as one argument (E2BIG before the agent starts).
      argv: [
        "claude",
        "-p",
        "--output-format",
        "stream-json",
        "--verbose", // stream-json requires it in print mode
        "--permission-mode",
        permissionMode,
        ...(model ? ["--model", model] : []),
        ...(budgetUsd === undefined ? [] : ["--max-budget-usd", budgetUsd.toFixed(4)]),
      ],
      stdin: prompt,
      // As root, Claude Code refuses bypassPermissions "outside a deliberate sandbox"; bubblewrap is one.
      sandboxedEnv: { IS_SANDBOX: "1" },
    };
  },
  createParser() {
    const toolNames = new Map<string, string>();
    return createJsonlParser({
      map(event) {
        switch (event.type) {
          case "system":
            return systemEvent(event);
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

/**
 * init repeats the run's settings; a retry of the model API (which can go on for minutes) and a refused
 * permission are errors the structured view must show; other notices stay as their line.
 */
function systemEvent(event: JsonObject): AgentEvent[] | undefined {
  if (event.subtype === "init") return [];
  if (event.subtype === "api_retry") {
    const status = asNumber(event.error_status);
    const delay = asNumber(event.retry_delay_ms);
    const reason = [status, asString(event.error)].filter((part) => part !== undefined).join(" ");
    const when = delay === undefined ? "" : ` in ${(delay / 1000).toFixed(1)} s`;
    return [agentError(`The model API failed (${reason || "no reason given"}): retry ${asNumber(event.attempt) ?? "?"} of ${asNumber(event.max_retries) ?? "?"}${when}.`)];
  }
  if (event.subtype === "permission_denied") {
    const tool = asString(event.tool_name) ?? asString(event.tool);
    return [agentError(`Permission denied${tool ? ` for ${tool}` : ""}${asString(event.message) ? `: ${asString(event.message)}` : ""}.`)];
  }
  return undefined;
}

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
      cacheRead: asNumber(usage.cache_read_input_tokens),
      cacheWrite: asNumber(usage.cache_creation_input_tokens),
    },
    costUsd: asNumber(event.total_cost_usd),
    model: costliestModel(asObject(event.modelUsage)),
  });
}

/** modelUsage: model → {costUSD, …}; a run's side requests use a smaller model than its turns. */
function costliestModel(modelUsage: JsonObject | undefined): string | undefined {
  const models = Object.entries(modelUsage ?? {}).map(([name, usage]) => ({ name, cost: asNumber(asObject(usage)?.costUSD) ?? 0 }));
  return models.sort((a, b) => b.cost - a.cost)[0]?.name;
}
