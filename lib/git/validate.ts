import { branchNameProblem } from "./ref-format.ts";
import { WorkspaceError } from "./workspace-error.ts";

// Ids become directory names, so they must be one plain path segment.
const PATH_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
const SHA1 = /^[0-9a-f]{40}$/;

export function assertPathSegment(field: string, value: string): void {
  if (!PATH_SEGMENT.test(value)) {
    throw new WorkspaceError("invalid_argument", `${field} "${value}" must be letters, digits, "-" or "_".`);
  }
}

// A valid branch name cannot contain ":", "*" or a leading "-", so it is safe inside refspecs and options.
export function assertBranchName(field: string, value: string): void {
  const problem = branchNameProblem(value);
  if (problem) throw new WorkspaceError("invalid_argument", `${field} "${value}" ${problem}.`);
}

export function assertSha(field: string, value: string): void {
  if (!SHA1.test(value)) throw new WorkspaceError("invalid_argument", `${field} "${value}" is not a full commit id.`);
}
