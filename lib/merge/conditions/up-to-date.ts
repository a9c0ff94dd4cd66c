import { isAncestor } from "../../git/git.ts";
import type { ConditionModule } from "./types.ts";

export const upToDate: ConditionModule = async ({ task, mirrorPath, baseHead, github }) => {
  const { baseBranch, requireUpToDate } = task.repository;
  if (!requireUpToDate) return null;
  const label = `Up to date with ${baseBranch}`;
  const current = github ? github.behindBy === 0 : baseHead !== null && (await isAncestor(mirrorPath, baseHead, task.headSha!).catch(() => false));
  return current ? { key: "up_to_date", label, state: "met" } : { key: "up_to_date", label, state: "unmet", detail: `${baseBranch} has commits the branch does not: run the agent again on the current base.` };
};
