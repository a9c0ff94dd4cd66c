import { BRANCH_PREFIX } from "../../tasks/branch.ts";
import type { ConditionModule } from "./types.ts";

export const featureBranch: ConditionModule = ({ task }) =>
  task.branch.startsWith(BRANCH_PREFIX) && task.branch !== task.repository.baseBranch
    ? { key: "branch", label: `Merges its feature branch ${task.branch}`, state: "met" }
    : { key: "branch", label: "Merges its feature branch", state: "unmet", detail: `${task.branch} is not a ${BRANCH_PREFIX} branch.` };
