import { randomUUID } from "node:crypto";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { withAuditToken } from "../audit/audit-context.ts";
import { tokenActor } from "../auth/actor.ts";
import { logger } from "../logger.ts";
import { createMcpServer } from "./create-mcp-server.ts";

export const MCP_PATH = "/api/mcp";
export const RESOURCE_METADATA_PATH = "/.well-known/oauth-protected-resource";

/** Where this server is reached: the configured public URL, or the request's own origin. */
export function publicOrigin(request: Request): string {
  return process.env.NEXTAUTH_URL ? new URL(process.env.NEXTAUTH_URL).origin : new URL(request.url).origin;
}

/** RFC 9728 protected resource metadata: the MCP endpoint takes this product's API tokens as bearer tokens. */
export function protectedResourceMetadata(request: Request) {
  const origin = publicOrigin(request);
  return {
    resource: `${origin}${MCP_PATH}`,
    authorization_servers: [],
    bearer_methods_supported: ["header"],
    scopes_supported: ["tasks:read", "tasks:write", "reviews:approve", "merge", "admin"],
    resource_name: "Code Orchestrator",
    resource_documentation: `${origin}/api/v1/openapi.json`,
  };
}

/**
 * The stateless Streamable HTTP endpoint: each POST carries its own bearer token and gets a fresh
 * server acting as that token's user, within its scopes. A call without a valid token is a 401 that
 * points at the resource metadata, as the MCP authorization rules ask.
 */
export async function handleMcpRequest(request: Request): Promise<Response> {
  const started = performance.now();
  const requestId = randomUUID();
  if (request.method !== "POST") {
    return Response.json(
      { jsonrpc: "2.0", error: { code: -32000, message: "This MCP server is stateless: send each message as a POST." }, id: null },
      { status: 405, headers: { allow: "POST" } },
    );
  }
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization")?.trim() ?? "")?.[1];
  const actor = bearer ? await tokenActor(bearer) : null;
  if (!actor) {
    const metadata = `${publicOrigin(request)}${RESOURCE_METADATA_PATH}`;
    return Response.json(
      { jsonrpc: "2.0", error: { code: -32001, message: "Send a valid API token as Authorization: Bearer <token> (Settings → API tokens)." }, id: null },
      { status: 401, headers: { "www-authenticate": `Bearer resource_metadata="${metadata}"` } },
    );
  }
  const log = logger.child({ requestId, mcp: true, userId: actor.id });
  const server = createMcpServer({ actor, log });
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  await server.connect(transport);
  try {
    const response = await withAuditToken(actor.token?.id ?? null, () => transport.handleRequest(request));
    response.headers.set("x-request-id", requestId);
    // The answer is whole by now (JSON responses): what the server spent on it, for clients and benchmarks.
    response.headers.set("server-timing", `mcp;dur=${(performance.now() - started).toFixed(1)}`);
    return response;
  } finally {
    await server.close();
  }
}
