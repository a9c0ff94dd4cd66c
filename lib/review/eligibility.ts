import { can, type Actor } from "../auth/permissions.ts";

/** Whether the actor's approval counts for the task: maintainers and admins, not its author unless the repository allows it. */
export function approvalProblem(actor: Actor, task: { authorId: string; repository: { allowSelfApproval: boolean } }): string | null {
  if (!can(actor, "review.decide")) return `Your role (${actor.role}) cannot approve: maintainers and admins can.`;
  if (actor.id === task.authorId && !task.repository.allowSelfApproval) {
    return "You wrote this task, and the repository does not allow approving your own tasks.";
  }
  return null;
}
