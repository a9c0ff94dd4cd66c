import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { RunStatus } from "@/lib/generated/prisma/enums";

const TONE: Record<RunStatus, BadgeTone> = {
  queued: "gray",
  preparing: "blue",
  running: "blue",
  succeeded: "green",
  failed: "red",
  timed_out: "amber",
  cancelled: "gray",
  interrupted: "violet",
};

export function RunStatusBadge({ status }: { status: RunStatus }) {
  return (
    <span data-testid="run-status" data-status={status} className="inline-flex">
      <Badge tone={TONE[status] ?? "gray"}>
        {status === "running" ? (
          <span aria-hidden className="mr-1.5 inline-block h-1.5 w-1.5 animate-pulse rounded-full bg-blue-500" />
        ) : null}
        {status.replaceAll("_", " ")}
      </Badge>
    </span>
  );
}
