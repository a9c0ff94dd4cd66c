import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { TaskStatus } from "@/lib/generated/prisma/enums";

const TONE: Record<TaskStatus, BadgeTone> = {
  draft: "gray",
  running: "blue",
  awaiting_checks: "amber",
  checks_failed: "red",
  ready_for_review: "violet",
  changes_requested: "red",
  approved: "green",
  merged: "green",
  closed: "gray",
};

export function TaskStatusBadge({ status }: { status: TaskStatus }) {
  return <Badge tone={TONE[status]}>{status.replaceAll("_", " ")}</Badge>;
}
