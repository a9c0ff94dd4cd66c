import { linkedCheckNames } from "../checks/linked-checks.ts";

/** The checks a merge needs green: the repository's required ones, those criteria name, and the base's own protection. */
export function requiredCheckNames(
  repositoryChecks: Array<{ name: string; required: boolean }>,
  acceptanceCriteria: unknown,
  protectionContexts: string[] = [],
): string[] {
  const names = new Set(repositoryChecks.filter((check) => check.required).map((check) => check.name));
  for (const name of linkedCheckNames(acceptanceCriteria)) names.add(name);
  for (const name of protectionContexts) names.add(name);
  return [...names];
}
