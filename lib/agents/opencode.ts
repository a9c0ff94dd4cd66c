// OpenCode `run` (docs: opencode.ai/docs/cli: "--format: default (formatted) or json (raw JSON events)").
// The docs do not describe the events; their shape is from packages/opencode/src/cli/cmd/run.ts: one
// {type,timestamp,sessionID,...} object per line: step_start{part}, text{part:{text}},
// reasoning{part:{text}}, tool_use{part:{tool,state:{status:"completed"|"error",input,output,error,
// metadata}}} (emitted once the tool finished), step_finish{part:{reason,cost,tokens:{input,output,
// reasoning,cache:{read,write}}}} after each step, error{error:{name,data:{message}}}, and, in recent
// versions, done{reason}. The process exits 1 after an error. run.ts reads piped stdin as the message
// when no message argument is given, and quotes any message argument that contains a space, so the
// prompt goes on stdin to arrive unchanged.
import { opencodeAgentSchema } from "./cli-agent-schemas.ts";
import { detectBinary } from "./detect-binary.ts";
import { agentError, command, fileChange, messageIfAny, result, sumKnown, toolCall, toolResult } from "./events.ts";
import { asNumber, asObject, asString, type JsonObject } from "./json-fields.ts";
import { createJsonlParser } from "./jsonl-parser.ts";
import type { AgentAdapter } from "./types.ts";
import type { AgentEvent } from "../logs/log-events.ts";

const FILE_WRITING_TOOLS: Record<string, string> = { edit: "edit", write: "write" };

export const opencodeAdapter: AgentAdapter = {
  kind: "opencode",
  label: "OpenCode",
  binary: "opencode",
  modelHosts: ["opencode.ai", "models.dev", "api.anthropic.com", "api.openai.com"],
  detect: (options) => detectBinary("opencode", options),
  buildInvocation({ prompt, options }) {
    const { model } = opencodeAgentSchema.parse(options);
    return { argv: ["opencode", "run", "--format", "json", ...(model ? ["--model", model] : [])], stdin: prompt };
  },
  createParser() {
    const usage = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, costUsd: 0, steps: 0 };
    let lastText: string | undefined;
    let failure: string | undefined;
    return createJsonlParser({
      map(event) {
        const part = asObject(event.part);
        switch (event.type) {
          case "step_start":
          case "done":
            return [];
          case "text": {
            const text = asString(part?.text);
            lastText = text ?? lastText;
            return messageIfAny(text, "assistant");
          }
          case "reasoning":
            return messageIfAny(asString(part?.text), "reasoning");
          case "tool_use":
            return part ? toolUse(part) : [];
          case "step_finish": {
            const tokens = asObject(part?.tokens);
            const cache = asObject(tokens?.cache);
            // input excludes cached input; count all input the model read, as the other CLIs report it.
            usage.input += sumKnown(asNumber(tokens?.input), asNumber(cache?.read), asNumber(cache?.write)) ?? 0;
            usage.output += sumKnown(asNumber(tokens?.output), asNumber(tokens?.reasoning)) ?? 0;
            usage.cacheRead += asNumber(cache?.read) ?? 0;
            usage.cacheWrite += asNumber(cache?.write) ?? 0;
            usage.costUsd += asNumber(part?.cost) ?? 0;
            usage.steps += 1;
            return [{ type: "usage", tokens: { input: usage.input, output: usage.output, cacheRead: usage.cacheRead, cacheWrite: usage.cacheWrite }, costUsd: usage.costUsd }];
          }
          case "error": {
            const error = asObject(event.error);
            failure = asString(asObject(error?.data)?.message) ?? asString(error?.name) ?? "OpenCode reported an error.";
            return [agentError(failure)];
          }
          default:
            return undefined;
        }
      },
      // OpenCode prints no final result event: the outcome is the exit code plus what the steps reported.
      completeResult(fromExit) {
        const success = fromExit.success && failure === undefined;
        return result({
          success,
          summary: success ? lastText : (failure ?? fromExit.summary),
          tokens: usage.steps > 0 ? { input: usage.input, output: usage.output, cacheRead: usage.cacheRead, cacheWrite: usage.cacheWrite } : undefined,
          costUsd: usage.steps > 0 ? usage.costUsd : undefined,
        });
      },
    });
  },
};

function toolUse(part: JsonObject): AgentEvent[] {
  const name = asString(part.tool) ?? "tool";
  const state = asObject(part.state);
  const input = asObject(state?.input);
  const failed = state?.status === "error";
  const output = failed ? asString(state?.error) : asString(state?.output);
  const shellCommand = asString(input?.command);
  if (name === "bash" && shellCommand) {
    return [command(shellCommand, { exitCode: asNumber(asObject(state?.metadata)?.exit), output })];
  }
  const filePath = asString(input?.filePath);
  const change = FILE_WRITING_TOOLS[name];
  if (change && filePath && !failed) return [fileChange(filePath, change)];
  return [toolCall(name, state?.input), toolResult({ name, output, isError: failed ? true : undefined })];
}
