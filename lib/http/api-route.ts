import { randomUUID } from "node:crypto";
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
      response = await handler({ request, actor, params: await context.params });
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

/**
 * A browser can send text/plain and form bodies to any site without asking (no CORS preflight), so a
 * request with a body that the session cookie would authenticate must say it is JSON.
 */
function assertJsonBody(request: Request): void {
  if (request.headers.has("authorization") || request.method === "GET" || request.method === "HEAD") return;
  const hasBody = request.body !== null && request.headers.get("content-length") !== "0";
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (hasBody && type !== "application/json") {
    throw new AppError("unsupported_media_type", "Send the body as JSON (Content-Type: application/json).");
  }
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

