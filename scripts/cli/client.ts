import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** How the CLI ends: each outcome its own exit code, documented in `code-orchestrator help`. */
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  refused: 3,
  checksFailed: 4,
  changesRequested: 5,
  closed: 6,
  timedOut: 7,
} as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export interface Connection {
  url: string;
  token: string;
}

/** The config file: `{ "url": ..., "token": ... }`, beside the environment variables, which win. */
export function configFile(): string {
  return process.env.CODE_ORCHESTRATOR_CONFIG ?? path.join(process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), ".config"), "code-orchestrator", "config.json");
}

export function connection(flags: { url?: string; token?: string }): Connection {
  let file: Partial<Connection> = {};
  try {
    file = JSON.parse(readFileSync(configFile(), "utf8")) as Partial<Connection>;
  } catch {
    // No config file: the flags and the environment must say it.
  }
  const url = flags.url ?? process.env.CODE_ORCHESTRATOR_URL ?? file.url;
  const token = flags.token ?? process.env.CODE_ORCHESTRATOR_TOKEN ?? file.token;
  if (!url) throw new CliError(`No server: set CODE_ORCHESTRATOR_URL, pass --url, or write "url" in ${configFile()}.`, EXIT.usage);
  if (!token) throw new CliError(`No token: set CODE_ORCHESTRATOR_TOKEN, pass --token, or write "token" in ${configFile()} (Settings → API tokens).`, EXIT.usage);
  return { url: url.replace(/\/+$/, ""), token };
}

/** One API call; a refusal becomes a CliError carrying the server's message and its field messages. */
export async function request(conn: Connection, method: string, apiPath: string, options: { json?: unknown; body?: string; contentType?: string; signal?: AbortSignal } = {}): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${conn.token}` };
  let body: string | undefined;
  if (options.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.json);
  } else if (options.body !== undefined) {
    headers["content-type"] = options.contentType ?? "text/plain";
    body = options.body;
  }
  let response: Response;
  try {
    response = await fetch(`${conn.url}${apiPath}`, { method, headers, body, signal: options.signal });
  } catch (error) {
    throw new CliError(`Cannot reach ${conn.url}: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}`, EXIT.failed);
  }
  if (response.ok) return response;
  const text = await response.text();
  let message = `${response.status} ${response.statusText}`;
  try {
    const { error } = JSON.parse(text) as { error: { message: string; fields?: Record<string, string>; conditions?: Array<{ label: string; state: string; detail?: string }> } };
    const details = [
      ...Object.entries(error.fields ?? {}).map(([field, fieldMessage]) => `  ${field}: ${fieldMessage}`),
      ...(error.conditions ?? []).filter((condition) => condition.state !== "met").map((condition) => `  ${condition.label}: ${condition.state}${condition.detail ? ` (${condition.detail})` : ""}`),
    ];
    message = [error.message, ...details].join("\n");
  } catch {
    // Not the API's JSON error: the status says it.
  }
  throw new CliError(message, response.status >= 500 ? EXIT.failed : EXIT.refused);
}

export async function requestJson<T>(conn: Connection, method: string, apiPath: string, options: Parameters<typeof request>[3] = {}): Promise<T> {
  return (await (await request(conn, method, apiPath, options)).json()) as T;
}
