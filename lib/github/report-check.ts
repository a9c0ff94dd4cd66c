import { prisma } from "../db/client.ts";
import { isGithubConnected } from "./client.ts";
import { createCommitStatus } from "./commit-status.ts";

/** Local checks appear on GitHub as commit statuses under this prefix (and are not read back as GitHub checks). */
export const LOCAL_CHECK_CONTEXT = "code-orchestrator/";

const STATE = { success: "success", failure: "failure", timed_out: "failure", error: "error", cancelled: "error", neutral: "success", skipped: "success" } as const;

/** Reports a completed local check on its commit, so the pull request on GitHub shows it too. */
export async function reportCheckToGithub(checkRunId: string): Promise<void> {
  const check = await prisma.checkRun.findUniqueOrThrow({ where: { id: checkRunId }, include: { task: { include: { repository: true } } } });
  const { repository } = check.task;
  if (check.source !== "local" || !check.conclusion || !isGithubConnected(repository)) return;
  await createCommitStatus(repository, check.headSha, {
    state: STATE[check.conclusion],
    context: `${LOCAL_CHECK_CONTEXT}${check.name}`,
    description: (check.error ?? `${check.name}: ${check.conclusion}`).slice(0, 140),
  });
}
