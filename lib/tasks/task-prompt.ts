import type { Task } from "../generated/prisma/client.ts";
import { renderPrompt } from "./render-prompt.ts";
import type { AcceptanceCriterion, FileChange } from "./spec-schema.ts";

type TaskWithRepository = Task & {
  repository: { name: string; baseBranch: string; checks: Array<{ name: string; command: string }> };
};

/** The prompt of a stored task, with optional extra sections (feedback, failing checks) after it. */
export function taskPrompt(task: TaskWithRepository, extra?: string): string {
  const prompt = renderPrompt(
    {
      name: task.name,
      branch: task.branch,
      goal: task.goal,
      context: task.context,
      files: task.files as unknown as FileChange[],
      acceptanceCriteria: task.acceptanceCriteria as unknown as AcceptanceCriterion[],
    },
    { repositoryName: task.repository.name, baseBranch: task.repository.baseBranch, checks: task.repository.checks },
  );
  return extra ? `${prompt}\n${extra.trim()}\n` : prompt;
}
