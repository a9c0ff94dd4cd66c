import type { ConditionModule } from "./types.ts";

export const githubMergeable: ConditionModule = ({ github }) => {
  const pull = github?.pullRequest;
  if (!pull) return null;
  const label = `GitHub can merge pull request #${pull.number}`;
  if (pull.mergeable === true) return { key: "github_mergeable", label, state: "met" };
  if (pull.mergeable === false) return { key: "github_mergeable", label, state: "unmet", detail: "GitHub reports conflicts or a blocked merge." };
  return { key: "github_mergeable", label, state: "pending", detail: "GitHub is still computing whether it can merge." };
};
