import type { AcceptanceCriterion } from "../tasks/spec-schema.ts";

export type CriterionState = "met" | "failing" | "pending" | "unlinked";

export interface CriterionStatus {
  text: string;
  check: string | null;
  state: CriterionState;
}

/** Each acceptance criterion against the latest checks of the current head (local or GitHub, by name). */
export function criteriaStatus(
  acceptanceCriteria: unknown,
  currentChecks: Array<{ name: string; status: string; conclusion: string | null }>,
): CriterionStatus[] {
  const criteria = Array.isArray(acceptanceCriteria) ? (acceptanceCriteria as AcceptanceCriterion[]) : [];
  return criteria.map((criterion) => {
    if (!criterion.check) return { text: criterion.text, check: null, state: "unlinked" };
    const checks = currentChecks.filter((check) => check.name === criterion.check);
    return { text: criterion.text, check: criterion.check, state: stateOf(checks) };
  });
}

function stateOf(checks: Array<{ status: string; conclusion: string | null }>): CriterionState {
  if (checks.length === 0 || checks.some((check) => check.status !== "completed")) return "pending";
  return checks.every((check) => check.conclusion === "success" || check.conclusion === "skipped" || check.conclusion === "neutral") ? "met" : "failing";
}
