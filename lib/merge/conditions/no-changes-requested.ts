import type { ConditionModule } from "./types.ts";

export const noChangesRequested: ConditionModule = ({ decisions }) => {
  const label = "No changes requested on the head";
  const requesting = decisions?.changeRequests ?? [];
  return requesting.length === 0
    ? { key: "no_changes_requested", label, state: "met" }
    : { key: "no_changes_requested", label, state: "unmet", detail: `Requested by ${requesting.map((review) => review.author.email).join(", ")}.` };
};
