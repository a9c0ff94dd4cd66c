import type { AcceptanceCriterion } from "../tasks/spec-schema.ts";

/** The names of the checks the task's acceptance criteria name as their proof. */
export function linkedCheckNames(acceptanceCriteria: unknown): Set<string> {
  const criteria = Array.isArray(acceptanceCriteria) ? (acceptanceCriteria as AcceptanceCriterion[]) : [];
  return new Set(criteria.map((criterion) => criterion.check).filter((name): name is string => !!name));
}
