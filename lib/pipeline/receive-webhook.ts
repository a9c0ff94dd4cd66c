import { prisma } from "../db/client.ts";
import { isUniqueViolation } from "../db/errors.ts";
import { env } from "../env.mjs";
import { AppError } from "../errors.ts";
import { syncGithubChecks } from "./sync-github-checks.ts";
import { verifySignature } from "../github/webhook/verify-signature.ts";
import { ENDED_TASK_STATUSES } from "../tasks/task-open.ts";

const CHECK_EVENTS = new Set(["check_run", "check_suite", "status"]);

export interface WebhookDeliveryInput {
  event: string | null;
  deliveryId: string | null;
  signature: string | null;
  body: Buffer;
}

/**
 * One GitHub webhook delivery: refused unless signed with GITHUB_WEBHOOK_SECRET; each delivery id is
 * processed once (a replay answers `duplicate`); check and status events refresh the GitHub checks of
 * the open tasks whose head they are about.
 */
export async function receiveWebhook(input: WebhookDeliveryInput): Promise<{ duplicate: boolean; tasks: number }> {
  const secret = env.GITHUB_WEBHOOK_SECRET;
  if (!secret) throw new AppError("unauthorized", "Webhooks are off: GITHUB_WEBHOOK_SECRET is not set.");
  if (!verifySignature(secret, input.body, input.signature)) throw new AppError("unauthorized", "The X-Hub-Signature-256 signature does not match.");
  if (!input.deliveryId || !input.event) throw new AppError("bad_request", "X-GitHub-Delivery and X-GitHub-Event are required.");
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(input.body.toString("utf8")) as Record<string, unknown>;
  } catch {
    throw new AppError("bad_request", "The delivery is not JSON.");
  }
  try {
    await prisma.webhookDelivery.create({ data: { id: input.deliveryId, event: input.event } });
  } catch (error) {
    if (isUniqueViolation(error)) return { duplicate: true, tasks: 0 };
    throw error;
  }
  if (!CHECK_EVENTS.has(input.event)) return { duplicate: false, tasks: 0 };

  const sha = headShaOf(input.event, payload);
  const fullName = (payload.repository as { full_name?: string } | undefined)?.full_name;
  if (!sha || !fullName) return { duplicate: false, tasks: 0 };
  const [owner, repo] = fullName.split("/");
  const tasks = await prisma.task.findMany({
    where: {
      headSha: sha,
      status: { notIn: [...ENDED_TASK_STATUSES] },
      repository: { githubOwner: { equals: owner, mode: "insensitive" }, githubRepo: { equals: repo, mode: "insensitive" } },
    },
    select: { id: true },
  });
  for (const task of tasks) {
    await prisma.task.update({ where: { id: task.id }, data: { githubPollAt: null, githubPollDelaySeconds: 0 } });
    await syncGithubChecks(task.id);
  }
  return { duplicate: false, tasks: tasks.length };
}

function headShaOf(event: string, payload: Record<string, unknown>): string | null {
  if (event === "status") return (payload.sha as string | undefined) ?? null;
  if (event === "check_run") return ((payload.check_run as { head_sha?: string } | undefined)?.head_sha) ?? null;
  return ((payload.check_suite as { head_sha?: string } | undefined)?.head_sha) ?? null;
}
