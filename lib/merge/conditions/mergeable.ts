import { knownCommitFact, rememberCommitFact } from "../../git/commit-facts.ts";
import { answerAboutCommits, runGitWithin } from "../../git/git.ts";
import type { GitResult } from "../../git/run-git.ts";
import type { ConditionModule } from "./types.ts";

export const mergeable: ConditionModule = async ({ task, mirrorPath, baseHead, skipConflictCheck }) => {
  const { baseBranch } = task.repository;
  const label = `Merges into ${baseBranch} without conflicts`;
  if (!baseHead) return { key: "mergeable", label, state: "unmet", detail: `The repository has no branch "${baseBranch}".` };
  const key = ["merge-tree", mirrorPath, baseHead, task.headSha!];
  const known = knownCommitFact<GitResult>(key);
  if (skipConflictCheck && !known) return { key: "mergeable", label, state: "pending", detail: "Checking for conflicts…" };
  const args = ["--git-dir", mirrorPath, "merge-tree", "--write-tree", "--name-only", "--no-messages", baseHead, task.headSha!];
  const result = known ?? (await rememberCommitFact(key, () => runGitWithin(args, "check for conflicts"), answerAboutCommits(baseHead, task.headSha!)));
  if (result.code === 0) return { key: "mergeable", label, state: "met" };
  if (result.code === 1) {
    const files = result.stdout.split("\n").slice(1).filter(Boolean);
    return { key: "mergeable", label, state: "unmet", detail: `Conflicts in ${files.join(", ") || "the branch"}: run the agent again on the current base.` };
  }
  return { key: "mergeable", label, state: "pending", detail: `Could not check: ${result.stderr.trim()}` };
};
