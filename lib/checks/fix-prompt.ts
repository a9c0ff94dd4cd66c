import { prisma } from "../db/client.ts";
import type { CheckRun } from "../generated/prisma/client.ts";
import type { JunitSummary } from "./junit.ts";

const LOG_LINES = 200;

/** The section an auto-fix run's prompt adds to the spec: each failing check, its JUnit failures and the end of its log. */
export async function fixPrompt(failing: CheckRun[], headSha: string, attempt: { attempt: number; of: number }): Promise<string> {
  const sections = [
    `## Failing checks on ${headSha.slice(0, 12)} (auto-fix attempt ${attempt.attempt} of ${attempt.of})`,
    "The checks below failed on the branch's current head. Find the cause and fix it so that they pass; keep the spec's goal.",
  ];
  for (const check of failing) {
    sections.push(`### ${check.name}: ${check.conclusion}${check.error ? ` (${check.error})` : ""}`);
    if (check.command) sections.push(`Command: \`${check.command}\``);
    const junit = (check.summary as { junit?: JunitSummary } | null)?.junit;
    if (junit && junit.failures.length > 0) {
      const tests = junit.failures.map(
        (failure) => `- ${failure.classname ? `${failure.classname} › ` : ""}${failure.name}${failure.message ? `: ${failure.message.split("\n").join("\n  ")}` : ""}`,
      );
      sections.push([`Failing tests (${junit.failed} of ${junit.tests}):`, ...tests].join("\n"));
    }
    const lines = await prisma.checkRunEvent.findMany({
      where: { checkRunId: check.id },
      orderBy: { seq: "desc" },
      take: LOG_LINES,
      select: { text: true },
    });
    sections.push([`Last ${lines.length} lines of its log:`, "```text", ...lines.reverse().map((line) => line.text), "```"].join("\n"));
  }
  return sections.join("\n\n");
}
