import { requiredCheckNames } from "../required-checks.ts";
import type { ConditionModule } from "./types.ts";

export const requiredChecksPassed: ConditionModule = ({ task, checks, github }) => {
  const required = requiredCheckNames(task.repository.checks, task.acceptanceCriteria, github?.protectionContexts);
  const label = required.length === 0 ? "No required checks" : `Required checks passed on the head (${required.join(", ")})`;
  const failing: string[] = [];
  const pending: string[] = [];
  for (const name of required) {
    const ofName = checks.filter((check) => check.name === name);
    if (ofName.length === 0 || ofName.some((check) => check.status !== "completed")) pending.push(name);
    else if (!ofName.every((check) => check.conclusion === "success")) failing.push(`${name} (${ofName.map((check) => check.conclusion).join(", ")})`);
  }
  if (failing.length > 0) return { key: "checks", label, state: "unmet", detail: `Not green: ${failing.join(", ")}.` };
  if (pending.length > 0) return { key: "checks", label, state: "pending", detail: `Waiting for: ${pending.join(", ")}.` };
  return { key: "checks", label, state: "met" };
};
