import { branchNameProblem } from "../git/ref-format.ts";

export const BRANCH_PREFIX = "feature/";

export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
}

/** `feature/<slug of the name>`, or null when the name has nothing to make a slug from. */
export function defaultBranch(name: string): string | null {
  const slug = slugify(name);
  return slug ? `${BRANCH_PREFIX}${slug}` : null;
}

export function taskBranchProblem(branch: string): string | null {
  if (!branch.startsWith(BRANCH_PREFIX) || branch.length === BRANCH_PREFIX.length) {
    return `must be ${BRANCH_PREFIX}<slug>`;
  }
  const problem = branchNameProblem(branch);
  return problem ? `is not a valid git branch name: it ${problem}` : null;
}
