import type { AcceptanceCriterion, FileChange } from "./spec-schema.ts";

export interface PromptSpec {
  name: string;
  branch: string;
  goal: string;
  /** Background beside the goal; omitted from the prompt when empty. */
  context?: string;
  files: FileChange[];
  acceptanceCriteria: AcceptanceCriterion[];
}

export interface PromptContext {
  repositoryName: string;
  baseBranch: string;
  checks: Array<{ name: string; command: string }>;
}

function bulletList(lines: string[], empty: string): string {
  return lines.length ? lines.map((line) => `- ${line}`).join("\n") : `_${empty}_`;
}

/** The prompt an agent receives: the spec as markdown, then the rules it works under. */
export function renderPrompt(spec: PromptSpec, context: PromptContext): string {
  const files = bulletList(
    spec.files.map((file) => `\`${file.path}\`: ${file.change}`),
    "No files named; choose what to change.",
  );
  const criteria = spec.acceptanceCriteria.length
    ? spec.acceptanceCriteria
        .map((criterion) => `- [ ] ${criterion.text}${criterion.check ? ` (check \`${criterion.check}\`)` : ""}`)
        .join("\n")
    : "_None given._";
  const checks = bulletList(
    context.checks.map((check) => `\`${check.name}\`: \`${check.command}\``),
    "This repository defines no check commands.",
  );
  return `# Task: ${spec.name}

Repository: ${context.repositoryName}
Branch: \`${spec.branch}\` (based on \`${context.baseBranch}\`)

## Goal

${spec.goal}

${spec.context ? `## Context\n\n${spec.context}\n\n` : ""}## Files to modify

${files}

## Acceptance criteria

${criteria}

## Checks

${checks}

## Working rules

- Work only on the branch \`${spec.branch}\`, which is already checked out. Do not switch branches, create other branches, or push; the orchestrator commits and pushes your work.
- Change only what the goal needs. Keep the repository buildable.
- Run the checks above before you finish and fix what fails.
- End with a short report: what you changed, which checks you ran and their results, and anything left undone.
`;
}
