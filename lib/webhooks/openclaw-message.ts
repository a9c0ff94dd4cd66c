import type { WebhookPayload } from "./payload.ts";

type Data = Record<string, any>;

// What the orchestrating agent should do next, by what happened: the names are the MCP tools'.
function nextStep(payload: WebhookPayload): string {
  const data = payload.data as Data;
  switch (payload.type) {
    case "run.started":
      return "Wait for its push with wait_for_task.";
    case "run.finished":
      return data.run?.status === "succeeded"
        ? "Checks now run on the head: wait_for_task, then list_checks."
        : "Read why with get_run_log, then spawn_run again or request_changes with guidance.";
    case "checks.completed":
      return data.conclusion === "success"
        ? "Read the change with get_diff, then ask a person to approve it; merge with the head SHA once approved."
        : "Read the failures with list_checks, then request_changes saying what to fix.";
    case "task.status_changed":
      return (
        {
          approved: "Merge it with merge and the head SHA.",
          checks_failed: "Read the failures with list_checks, then request_changes saying what to fix.",
          ready_for_review: "Read the change with get_diff and ask a person to approve it.",
          changes_requested: "A feedback run follows: wait_for_task.",
        } as Record<string, string>
      )[data.to] ?? "Call get_task for the details.";
    case "review.submitted":
      return data.review?.decision === "approve" ? "If the task is approved, merge it with the head SHA." : "A feedback run follows: wait_for_task.";
    case "task.merged":
      return "Nothing is left to do for this task.";
    case "budget.exceeded":
      return "Decide whether to spawn_run again with a narrower goal or close_task.";
  }
}

function whatHappened(payload: WebhookPayload): string {
  const data = payload.data as Data;
  const task = `“${data.task.name}” (${data.task.branch})`;
  switch (payload.type) {
    case "run.started":
      return `Run #${data.run?.number} of ${task} started.`;
    case "run.finished":
      return `Run #${data.run?.number} of ${task} ended ${String(data.run?.status).replace("_", " ")}${data.run?.error ? `: ${data.run.error}` : ""}.`;
    case "checks.completed":
      return `The checks of ${task} on ${String(data.headSha).slice(0, 7)} finished: ${data.conclusion}${data.failed?.length ? ` (${data.failed.join(", ")} failed)` : ""}.`;
    case "task.status_changed":
      return `${task} is now ${String(data.to).replace("_", " ")} (was ${String(data.from).replace("_", " ")}).`;
    case "review.submitted":
      return `${data.review?.reviewer ?? "Someone"} ${data.review?.decision === "approve" ? "approved" : "requested changes on"} ${task}.`;
    case "task.merged":
      return `${task} was merged${data.merge?.sha ? ` as ${String(data.merge.sha).slice(0, 7)}` : ""}.`;
    case "budget.exceeded":
      return `A run of ${task} went over its budget.`;
  }
}

/** The prompt an OpenClaw gateway hands its agent: what happened, where, and what to do next. */
export function openclawMessage(payload: WebhookPayload): string {
  return `Code Orchestrator: ${whatHappened(payload)} ${nextStep(payload)} Task id: ${payload.data.task.id} (${payload.data.task.url}).`;
}

/** Where a gateway takes agent hooks: its /hooks/agent, unless the URL already names an endpoint. */
export function openclawHookUrl(gateway: string): string {
  const url = new URL(gateway);
  if (!/\/agent\/?$/.test(url.pathname)) url.pathname = `${url.pathname.replace(/\/+$/, "")}/hooks/agent`;
  return url.toString();
}
