import type { Task } from "../generated/prisma/client.ts";
import type { TaskListFacts } from "./list-facts.ts";

export function taskDto(task: Task & { repository?: { id: string; name: string }; facts?: TaskListFacts }) {
  return {
    id: task.id,
    repositoryId: task.repositoryId,
    ...(task.repository ? { repositoryName: task.repository.name } : {}),
    authorId: task.authorId,
    name: task.name,
    branch: task.branch,
    goal: task.goal,
    files: task.files,
    acceptanceCriteria: task.acceptanceCriteria,
    agent: task.agent,
    timeoutSeconds: task.timeoutSeconds,
    autoFixAttempts: task.autoFixAttempts,
    status: task.status,
    baseSha: task.baseSha,
    headSha: task.headSha,
    createdAt: task.createdAt.toISOString(),
    updatedAt: task.updatedAt.toISOString(),
    ...(task.facts ? { facts: task.facts } : {}),
  };
}
