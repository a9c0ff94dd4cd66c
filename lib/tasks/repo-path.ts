// Plain string rules, no node:path: the spec form runs them in the browser as you type.

/** Why a path is not a normalised path inside the repository, or null when it is. */
export function repoPathProblem(value: string): string | null {
  if (value.includes("\u0000")) return "contains a NUL character";
  if (/[\u0001-\u001f\u007f]/.test(value)) return "contains a control character";
  if (value.includes("\\")) return "uses backslashes; use / between folders";
  if (value.startsWith("/") || /^[A-Za-z]:/.test(value)) return "must be relative to the repository root";
  const segments = value.split("/");
  if (segments.includes("..")) return 'must not contain ".."';
  const normalised = segments.filter((segment) => segment !== "" && segment !== ".").join("/");
  if (normalised !== value) return `is not normalised (did you mean "${normalised || "."}"?)`;
  if (segments[0] === ".git") return "must not point inside .git";
  return null;
}
