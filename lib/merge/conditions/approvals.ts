import type { ConditionModule } from "./types.ts";

export const approvals: ConditionModule = ({ task, decisions, staleApprovals: stale }) => {
  const needed = task.repository.requiredApprovals;
  const eligible = decisions?.eligibleApprovals ?? [];
  const label = `${needed} approval${needed === 1 ? "" : "s"} on the head`;
  if (eligible.length >= needed) return { key: "approvals", label, state: "met", detail: `Approved by ${eligible.map((review) => review.author.email).join(", ")}.` };
  const who = `maintainers and admins${task.repository.allowSelfApproval ? "" : " other than the author"}`;
  const staleNote = stale > 0 ? `; ${stale} earlier approval${stale === 1 ? " is" : "s are"} stale` : "";
  return { key: "approvals", label, state: "unmet", detail: `${eligible.length} of ${needed} from an eligible reviewer (${who})${staleNote}.` };
};
