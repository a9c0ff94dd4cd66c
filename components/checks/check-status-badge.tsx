import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { CheckDto } from "@/lib/checks/dto";

const CONCLUSION_TONE: Record<string, BadgeTone> = {
  success: "green",
  failure: "red",
  timed_out: "amber",
  cancelled: "gray",
  error: "violet",
  neutral: "gray",
  skipped: "gray",
};

/** queued / running, or the conclusion once completed. */
export function CheckStatusBadge({ check }: { check: Pick<CheckDto, "status" | "conclusion"> }) {
  const state = check.status === "completed" ? (check.conclusion ?? "completed") : check.status;
  return (
    <span data-testid="check-status" data-state={state} className="inline-flex">
      <Badge tone={check.status === "completed" ? (CONCLUSION_TONE[state] ?? "gray") : check.status === "running" ? "blue" : "gray"}>
        {check.status === "running" ? <span aria-hidden className="mr-1.5 inline-block h-1.5 w-1.5 animate-pulse rounded-full bg-blue-500" /> : null}
        {state.replaceAll("_", " ")}
      </Badge>
    </span>
  );
}
