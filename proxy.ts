import { crossSiteProblem, crossSiteRefusal } from "./lib/http/same-origin";
import { unreadableUrlError } from "./lib/http/unreadable-url";

/**
 * Before any page, server action or route: a request that would act with the browser's session from
 * another site is refused with a clear 403 (Next would answer a foreign server action with a 500),
 * and an API URL with an unreadable or NUL-bearing segment gets its 4xx here
 * (left to the router it would end in a 500).
 */
export function proxy(request: Request): Response | undefined {
  const url = new URL(request.url);
  if (url.pathname.startsWith("/api/")) {
    const unreadable = unreadableUrlError(url);
    if (unreadable) return unreadable.toResponse();
  }
  // Pages take server actions (fetches carrying Next-Action) and nothing else: another POST would be
  // parsed as a form action, and a malformed body there ends in a 500.
  if (!url.pathname.startsWith("/api/") && !["GET", "HEAD", "OPTIONS"].includes(request.method) && !request.headers.has("next-action")) {
    return Response.json({ error: { code: "bad_request", message: "Pages take no form posts: use the API (/api/v1)." } }, { status: 405, headers: { allow: "GET, HEAD" } });
  }
  if (url.pathname === "/api/github/webhook") return undefined; // signed by GitHub, no session
  const problem = crossSiteProblem(request);
  return problem ? crossSiteRefusal(problem).toResponse() : undefined;
}

export const config = { matcher: "/:path*" };
