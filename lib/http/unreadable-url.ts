import { AppError } from "../errors.ts";

/**
 * An API URL no route can answer meaningfully: a path segment that is not valid percent-encoded UTF-8
 * or holds a NUL (no id or name is stored with one) is a 404; a query value with a NUL is a 400.
 */
export function unreadableUrlError(url: URL): AppError | null {
  for (const segment of url.pathname.split("/")) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return new AppError("not_found", "Not found: the path is not valid percent-encoded UTF-8.");
    }
    if (decoded.includes("\u0000")) return new AppError("not_found", "Not found: the path contains a NUL character.");
  }
  for (const [name, value] of url.searchParams) {
    if (name.includes("\u0000") || value.includes("\u0000")) return new AppError("bad_request", `The query parameter ${JSON.stringify(name.replaceAll("\u0000", ""))} contains a NUL character.`);
  }
  return null;
}
