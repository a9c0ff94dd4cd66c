import { can } from "../../auth/permissions.ts";
import type { ConditionModule } from "./types.ts";

export const role: ConditionModule = ({ actor }) => {
  const label = "You may merge (maintainer or admin)";
  return can(actor, "task.merge") ? { key: "role", label, state: "met" } : { key: "role", label, state: "unmet", detail: `Your role is ${actor?.role ?? "none"}.` };
};
