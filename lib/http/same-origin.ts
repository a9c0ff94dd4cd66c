import { AppError } from "../errors.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Why a request must be refused as a cross-site request forgery, or null. Only requests that change
 * something and would be authenticated by the browser's session cookie are judged: a token request
 * (Authorization header) carries no ambient credentials. The browser says where a request comes from
 * (Sec-Fetch-Site, Origin); a request from another origin is refused, whatever its content type.
 */
export function crossSiteProblem(request: Request): string | null {
  if (SAFE_METHODS.has(request.method) || request.headers.has("authorization")) return null;
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return `a ${site} request`;
  const origin = request.headers.get("origin");
  if (!origin) return null;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return `an unreadable Origin (${origin.slice(0, 100)})`;
  }
  return appHosts(request).includes(originHost) ? null : `a request from ${origin.slice(0, 100)}`;
}

function appHosts(request: Request): string[] {
  const hosts = [request.headers.get("x-forwarded-host"), request.headers.get("host"), new URL(request.url).host];
  if (process.env.NEXTAUTH_URL) hosts.push(new URL(process.env.NEXTAUTH_URL).host);
  return hosts.filter((host): host is string => !!host);
}

export function crossSiteRefusal(problem: string): AppError {
  return new AppError("forbidden", `Refused ${problem}: a signed-in browser session acts only from this app's own pages. API clients use a token (Authorization: Bearer).`);
}
