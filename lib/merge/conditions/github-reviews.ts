import type { ConditionModule } from "./types.ts";

export const githubReviews: ConditionModule = ({ github }) => {
  const reviews = github?.reviews;
  if (!reviews || reviews.required === 0) return null;
  const pull = github.pullRequest;
  const label = `GitHub's protection: ${reviews.required} approving review${reviews.required === 1 ? "" : "s"} on the pull request`;
  if (reviews.approvedBy.length >= reviews.required) return { key: "github_reviews", label, state: "met", detail: `Approved on GitHub by ${reviews.approvedBy.join(", ")}.` };
  if (pull) return { key: "github_reviews", label, state: "unmet", detail: `${reviews.approvedBy.length} of ${reviews.required} on pull request #${pull.number}: review it on GitHub.` };
  return {
    key: "github_reviews",
    label,
    state: "unmet",
    detail: "No pull request yet: turn on draft pull requests for this repository (opened on the next push) or open one on GitHub, and have it reviewed there.",
  };
};
