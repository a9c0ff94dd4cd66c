import { isTaskOpen } from "../../tasks/task-open.ts";
import type { ConditionModule } from "./types.ts";

export const taskOpen: ConditionModule = ({ task }) =>
  isTaskOpen(task.status) ? { key: "open", label: "The task is open", state: "met" } : { key: "open", label: "The task is open", state: "unmet", detail: `It is ${task.status}.` };
