import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What the scripted "model" answers to one agent turn. */
export type ModelStep =
  /** A tool call, in the calling CLI's own tool names and arguments; `{cwd}` in a string argument is the agent's working directory, as its request tells it. */
  | { kind: "tool"; name: string; input: Record<string, unknown> }
  | { kind: "text"; text: string }
  | { kind: "error"; status: number; message: string }
  /** No answer at all: the request stays open until the server closes. */
  | { kind: "hang" };

export interface ModelUsage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: unknown;
  /** The step it was answered with; null for a side request (no tools offered). */
  step: number | null;
}

export interface ModelServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const DEFAULT_USAGE: ModelUsage = { input: 1_200, output: 85, cacheRead: 3_400, cacheWrite: 600 };

/**
 * A loopback server speaking the model APIs the agent CLIs call (Anthropic Messages for now), answering
 * each agent turn (a request that offers tools; every Responses request) with the script's next step and any side request (a
 * title, a summary) with a short text. Requests are recorded, so a test can see what the CLI sent.
 * When the script runs out, an error step repeats and otherwise the answer is a final message.
 */
export async function startModelServer(steps: ModelStep[], usage: ModelUsage = DEFAULT_USAGE): Promise<ModelServer> {
  const requests: RecordedRequest[] = [];
  let turns = 0;
  // A failing model keeps failing (the CLIs retry); otherwise the turns after the script end the task.
  const last = steps.at(-1);
  const afterScript: ModelStep = last?.kind === "error" ? last : { kind: "text", text: "Done." };
  const server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const offersTools = Array.isArray((body as { tools?: unknown[] } | null)?.tools) && (body as { tools: unknown[] }).tools.length > 0;
      if (process.env.MODEL_SERVER_DEBUG) console.log(request.method, request.url, JSON.stringify(body).slice(0, 3000));
      // Codex sends every request as a turn (with the default model's tools elsewhere than `tools`).
      const turn = offersTools || (request.url ?? "").startsWith("/v1/responses");
      const step = turn ? Math.min(turns++, steps.length) : null;
      requests.push({ method: request.method ?? "GET", path: request.url ?? "/", headers: request.headers, body, step });
      const scripted: ModelStep = step === null ? { kind: "text", text: "Side answer." } : (steps[step] ?? afterScript);
      const answer = scripted.kind === "tool" ? { ...scripted, input: withWorkingDirectory(scripted.input, body) } : scripted;
      if (answer.kind === "hang") return;
      if ((request.url ?? "").startsWith("/v1/messages")) return answerAnthropic(request, response, body, answer, usage, step ?? 0);
      if ((request.url ?? "").startsWith("/v1/responses")) return answerOpenAiResponses(response, body, answer, usage, step ?? 0);
      if (/:(stream)?[gG]enerateContent/.test(request.url ?? "")) return answerGemini(request, response, answer, usage);
      if ((request.url ?? "").startsWith("/v1/chat/completions")) return answerChatCompletions(response, body, answer, usage, step ?? 0);
      if (/:countTokens/.test(request.url ?? "")) return void response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ totalTokens: usage.input }));
      response.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: `No scripted model at ${request.url}` } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.closeAllConnections() ?? server.close(() => resolve())),
  };
}

// How each CLI tells the model where it works: Claude Code, Codex, Gemini CLI, OpenCode.
const WORKING_DIRECTORY = [
  /Primary working directory: (\/[^\s"\\]+)/,
  /<cwd>(\/[^<]+)<\/cwd>/,
  /Workspace Directories:\*\*\\n\s*- (\/[^\s"\\]+)/,
  /Working directory: (\/[^\s"\\]+)/,
];

function withWorkingDirectory(input: Record<string, unknown>, body: unknown): Record<string, unknown> {
  const text = JSON.stringify(body);
  const cwd = WORKING_DIRECTORY.map((pattern) => pattern.exec(text)?.[1]).find(Boolean);
  return JSON.parse(JSON.stringify(input), (_key, value: unknown) => (typeof value === "string" && cwd ? value.replaceAll("{cwd}", cwd) : value)) as Record<string, unknown>;
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text;
  }
}

function answerAnthropic(request: IncomingMessage, response: ServerResponse, body: unknown, answer: Exclude<ModelStep, { kind: "hang" }>, usage: ModelUsage, step: number): void {
  if ((request.url ?? "").startsWith("/v1/messages/count_tokens")) {
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ input_tokens: usage.input }));
    return;
  }
  if (answer.kind === "error") {
    const type = answer.status === 401 ? "authentication_error" : answer.status === 429 ? "rate_limit_error" : "api_error";
    response.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify({ type: "error", error: { type, message: answer.message } }));
    return;
  }
  const model = (body as { model?: string } | null)?.model ?? "claude-scripted";
  const block =
    answer.kind === "tool"
      ? { type: "tool_use", id: `toolu_${step}`, name: answer.name, input: answer.input }
      : { type: "text", text: answer.text };
  const stopReason = answer.kind === "tool" ? "tool_use" : "end_turn";
  const messageUsage = { input_tokens: usage.input, cache_creation_input_tokens: usage.cacheWrite, cache_read_input_tokens: usage.cacheRead, output_tokens: usage.output };
  const message = { id: `msg_${step}`, type: "message", role: "assistant", model, stop_reason: stopReason, stop_sequence: null };
  if ((body as { stream?: boolean } | null)?.stream !== true) {
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ...message, content: [block], usage: messageUsage }));
    return;
  }
  response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const send = (event: string, data: unknown) => response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  send("message_start", { type: "message_start", message: { ...message, stop_reason: null, content: [], usage: { ...messageUsage, output_tokens: 1 } } });
  if (block.type === "tool_use") {
    send("content_block_start", { type: "content_block_start", index: 0, content_block: { ...block, input: {} } });
    send("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "input_json_delta", partial_json: JSON.stringify(block.input) } });
  } else {
    send("content_block_start", { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } });
    send("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: block.text } });
  }
  send("content_block_stop", { type: "content_block_stop", index: 0 });
  send("message_delta", { type: "message_delta", delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: usage.output } });
  send("message_stop", { type: "message_stop" });
  response.end();
}

/** OpenAI's Responses API, streamed as Codex reads it: the output items, then response.completed with usage. */
function answerOpenAiResponses(response: ServerResponse, body: unknown, answer: Exclude<ModelStep, { kind: "hang" }>, usage: ModelUsage, step: number): void {
  if (answer.kind === "error") {
    const type = answer.status === 401 ? "invalid_api_key" : answer.status === 429 ? "rate_limit_exceeded" : "server_error";
    response.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: answer.message, type, code: type } }));
    return;
  }
  const model = (body as { model?: string } | null)?.model ?? "gpt-scripted";
  const item =
    answer.kind === "tool"
      ? { type: "function_call", id: `fc_${step}`, call_id: `call_${step}`, name: answer.name, arguments: JSON.stringify(answer.input), status: "completed" }
      : { type: "message", id: `msg_${step}`, role: "assistant", status: "completed", content: [{ type: "output_text", text: answer.text, annotations: [] }] };
  const responseUsage = {
    input_tokens: usage.input + usage.cacheRead,
    input_tokens_details: { cached_tokens: usage.cacheRead },
    output_tokens: usage.output,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: usage.input + usage.cacheRead + usage.output,
  };
  const base = { id: `resp_${step}`, object: "response", model, created_at: Math.floor(Date.now() / 1000) };
  response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  let sequence = 0;
  const send = (data: Record<string, unknown>) => response.write(`event: ${String(data.type)}\ndata: ${JSON.stringify({ ...data, sequence_number: sequence++ })}\n\n`);
  send({ type: "response.created", response: { ...base, status: "in_progress", output: [] } });
  send({ type: "response.output_item.added", output_index: 0, item: { ...item, status: "in_progress" } });
  if (item.type === "message") send({ type: "response.output_text.delta", item_id: item.id, output_index: 0, content_index: 0, delta: answer.kind === "text" ? answer.text : "" });
  send({ type: "response.output_item.done", output_index: 0, item });
  send({ type: "response.completed", response: { ...base, status: "completed", output: [item], usage: responseUsage } });
  response.end();
}

/** Gemini's generateContent and streamGenerateContent (?alt=sse), as Gemini CLI reads them. */
function answerGemini(request: IncomingMessage, response: ServerResponse, answer: Exclude<ModelStep, { kind: "hang" }>, usage: ModelUsage): void {
  if (answer.kind === "error") {
    const status = answer.status === 401 ? "UNAUTHENTICATED" : answer.status === 429 ? "RESOURCE_EXHAUSTED" : "INTERNAL";
    response.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: answer.status, message: answer.message, status } }));
    return;
  }
  const part = answer.kind === "tool" ? { functionCall: { name: answer.name, args: answer.input } } : { text: answer.text };
  const chunk = {
    candidates: [{ content: { role: "model", parts: [part] }, finishReason: "STOP", index: 0 }],
    usageMetadata: { promptTokenCount: usage.input + usage.cacheRead, candidatesTokenCount: usage.output, totalTokenCount: usage.input + usage.cacheRead + usage.output, cachedContentTokenCount: usage.cacheRead },
    modelVersion: /\/models\/([^:/]+):/.exec(request.url ?? "")?.[1] ?? "gemini-scripted",
  };
  if (!(request.url ?? "").includes("streamGenerateContent")) {
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(chunk));
    return;
  }
  response.writeHead(200, { "content-type": "text/event-stream" });
  response.end(`data: ${JSON.stringify(chunk)}\r\n\r\n`);
}

/** OpenAI Chat Completions, streamed (with the usage chunk when asked for) or not. */
function answerChatCompletions(response: ServerResponse, body: unknown, answer: Exclude<ModelStep, { kind: "hang" }>, usage: ModelUsage, step: number): void {
  if (answer.kind === "error") {
    response.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: answer.message, type: answer.status === 401 ? "invalid_request_error" : "server_error", code: null } }));
    return;
  }
  const request = (body ?? {}) as { model?: string; stream?: boolean };
  const model = request.model ?? "gpt-scripted";
  const toolCall = answer.kind === "tool" ? { index: 0, id: `call_${step}`, type: "function", function: { name: answer.name, arguments: JSON.stringify(answer.input) } } : null;
  const finishReason = toolCall ? "tool_calls" : "stop";
  const chatUsage = { prompt_tokens: usage.input + usage.cacheRead, completion_tokens: usage.output, total_tokens: usage.input + usage.cacheRead + usage.output, prompt_tokens_details: { cached_tokens: usage.cacheRead } };
  const base = { id: `chatcmpl-${step}`, created: Math.floor(Date.now() / 1000), model };
  if (request.stream !== true) {
    const message = toolCall ? { role: "assistant", content: null, tool_calls: [{ id: toolCall.id, type: "function", function: toolCall.function }] } : { role: "assistant", content: answer.kind === "text" ? answer.text : "" };
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ...base, object: "chat.completion", choices: [{ index: 0, message, finish_reason: finishReason }], usage: chatUsage }));
    return;
  }
  response.writeHead(200, { "content-type": "text/event-stream" });
  const send = (data: unknown) => response.write(`data: ${JSON.stringify(data)}\n\n`);
  const chunk = (delta: unknown, finish: string | null) => ({ ...base, object: "chat.completion.chunk", choices: [{ index: 0, delta, finish_reason: finish }] });
  send(chunk(toolCall ? { role: "assistant", content: null, tool_calls: [toolCall] } : { role: "assistant", content: answer.kind === "text" ? answer.text : "" }, null));
  send(chunk({}, finishReason));
  send({ ...base, object: "chat.completion.chunk", choices: [], usage: chatUsage });
  response.end("data: [DONE]\n\n");
}
