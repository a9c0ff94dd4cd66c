import path from "node:path";

/** Why a path is not a normalised path inside the repository, or null when it is. */
export function repoPathProblem(value: string): string | null {
  if (value.includes("\u0000")) return "contains a NUL character";
  if (/[\u0001-\u001f\u007f]/.test(value)) return "contains a control character";
  if (value.includes("\\")) return "uses backslashes; use / between folders";
  if (path.posix.isAbsolute(value) || /^[A-Za-z]:/.test(value)) return "must be relative to the repository root";
  if (value.split("/").includes("..")) return 'must not contain ".."';
  if (path.posix.normalize(value) !== value || value.endsWith("/") || value === ".") {
    return `is not normalised (did you mean "${path.posix.normalize(value).replace(/\/$/, "")}"?)`;
  }
  if (value.split("/")[0] === ".git") return "must not point inside .git";
  return null;
}
