import { requestActor } from "../auth/actor.ts";
import type { Actor } from "../auth/permissions.ts";
import { AppError } from "../errors.ts";
import { asAppError } from "./as-app-error.ts";

type RouteContext<P> = { params: Promise<P> };

/**
 * The preamble of every /api/v1 handler: resolves the actor (token or session), runs the handler,
 * and turns any error into `{error: {code, message, fields?}}` with its status.
 */
export function apiRoute<P = Record<string, string>>(
  handler: (input: { request: Request; actor: Actor | null; params: P }) => Promise<Response>,
) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    try {
      assertJsonBody(request);
      const actor = await requestActor(request);
      return await handler({ request, actor, params: await context.params });
    } catch (error) {
      return asAppError(error).toResponse();
    }
  };
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

