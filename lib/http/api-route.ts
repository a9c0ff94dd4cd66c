import { randomUUID } from "node:crypto";
import { withAuditToken } from "../audit/audit-context.ts";
import { requestActor } from "../auth/actor.ts";
import type { Actor } from "../auth/permissions.ts";
import { AppError } from "../errors.ts";
import { logger } from "../logger.ts";
import { asAppError } from "./as-app-error.ts";

type RouteContext<P> = { params: Promise<P> };

/**
 * The preamble of every /api/v1 handler: resolves the actor (token or session), runs the handler,
 * and turns any error into `{error: {code, message, fields?}}` with its status. Every answer carries
 * the request's id (`X-Request-Id`: the caller's when it sent a usable one), which its log lines name.
 */
export function apiRoute<P = Record<string, string>>(
  handler: (input: { request: Request; actor: Actor | null; params: P }) => Promise<Response>,
) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    const requestId = requestIdOf(request);
    let response: Response;
    try {
      assertJsonBody(request);
      const actor = await requestActor(request);
      const params = await context.params;
      response = await withAuditToken(actor?.token?.id ?? null, () => handler({ request, actor, params }));
    } catch (error) {
      const log = logger.child({ requestId, method: request.method, path: new URL(request.url).pathname });
      response = asAppError(error, log).toResponse();
    }
    response.headers.set("x-request-id", requestId);
    return response;
  };
}

function requestIdOf(request: Request): string {
  const given = request.headers.get("x-request-id");
  return given && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
}

// Types a browser cannot send to another site without a CORS preflight, which this API never grants.
const PREFLIGHTED_TYPES = new Set(["application/json", "text/markdown"]);

/**
 * A browser can send text/plain and form bodies to any site without asking (no CORS preflight), so a
 * request with a body that the session cookie would authenticate must say it is JSON (or Markdown).
 */
function assertJsonBody(request: Request): void {
  if (request.headers.has("authorization") || request.method === "GET" || request.method === "HEAD") return;
  const hasBody = request.body !== null && request.headers.get("content-length") !== "0";
  if (hasBody && !PREFLIGHTED_TYPES.has(contentType(request))) {
    throw new AppError("unsupported_media_type", "Send the body as JSON (Content-Type: application/json).");
  }
}

/** Whether the request's body is declared as `type` (parameters such as charset aside). */
export function hasContentType(request: Request, type: string): boolean {
  return contentType(request) === type;
}

function contentType(request: Request): string {
  return request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase() ?? "";
}

/** The request's JSON body; a body that is not JSON is a 400, not a 422. */
export async function readJson(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw new AppError("bad_request", "The request body must be JSON.");
  }
}

export function searchParams(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}

export function json(body: unknown, status = 200): Response {
  return Response.json(body, { status });
}

