import { can, type Actor } from "../auth/permissions.ts";

type ApprovalTask = { authorId: string; repository: { allowSelfApproval: boolean } };

/** Why a person's approval would not count: their role, or the task being their own (unless the repository allows it). */
export function approvalBlocker(person: Actor, task: ApprovalTask): "role" | "author" | null {
  if (!can(person, "review.decide")) return "role";
  if (person.id === task.authorId && !task.repository.allowSelfApproval) return "author";
  return null;
}

/** Whether the actor's approval counts for the task: maintainers and admins, not its author unless the repository allows it. */
export function approvalProblem(actor: Actor, task: ApprovalTask): string | null {
  const blocker = approvalBlocker(actor, task);
  if (blocker === "role") return `Your role (${actor.role}) cannot approve: maintainers and admins can.`;
  if (blocker === "author") return "You wrote this task, and the repository does not allow approving your own tasks.";
  return null;
}
