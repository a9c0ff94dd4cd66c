import type { ConditionModule } from "./types.ts";

export const head: ConditionModule = ({ task, upstreamHead, expectedHeadSha: expected }) => {
  const label = "The branch head is the one reviewed";
  const sha = task.headSha;
  if (!sha) return { key: "head", label, state: "unmet", detail: "No run has pushed a commit yet." };
  if (upstreamHead && upstreamHead !== sha) return { key: "head", label, state: "unmet", refusal: "head_moved", detail: `head moved: the upstream branch is at ${upstreamHead.slice(0, 12)}, not ${sha.slice(0, 12)}.` };
  if (expected && expected !== sha) return { key: "head", label, state: "unmet", refusal: "head_moved", detail: `head moved: the branch is at ${sha.slice(0, 12)}, not at ${expected.slice(0, 12)} you saw.` };
  return { key: "head", label: `The branch head is ${sha.slice(0, 12)}`, state: "met" };
};
