import { randomBytes } from "node:crypto";
import path from "node:path";
import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { env } from "../env.mjs";
import { createRepository } from "../repositories/create-repository.ts";
import { spawnRun } from "../pipeline/spawn-run.ts";
import { createTask } from "../tasks/create-task.ts";
import { createDemoUpstream } from "./create-demo-upstream.ts";
import { DEMO_AGENT_SCRIPT, DEMO_CHECKS } from "./demo-files.ts";

/**
 * "Try a demo": a sample repository kept in DATA_DIR (a TypeScript package with test, type check and
 * build checks; self-approval allowed, so one person can see it through) and a task whose script
 * agent makes the change, with its first run queued. The checks borrow this installation's
 * TypeScript compiler (a link to its node_modules), so they run without the network.
 */
export async function createDemo(actor: Actor | null) {
  requirePermission(actor, "repository.manage");
  requirePermission(actor, "task.create");
  const suffix = randomBytes(3).toString("hex");
  const upstream = path.join(env.DATA_DIR, "demo", `calculator-${suffix}.git`);
  await createDemoUpstream(upstream);
  const repository = await createRepository(actor, {
    name: `demo-calculator-${suffix}`,
    upstream,
    baseBranch: "main",
    agentNetwork: "off",
    checkNetwork: "off",
    setupCommand: `ln -sfn ${JSON.stringify(path.join(process.cwd(), "node_modules"))} node_modules`,
    allowSelfApproval: true,
    checks: DEMO_CHECKS,
  });
  const task = await createTask(actor, {
    repositoryId: repository.id,
    name: "Add a multiply function",
    branch: `feature/multiply-${suffix}`,
    goal: "Add multiply(a, b) to the calculator, next to add(), with a test.",
    files: [
      { path: "src/calc.ts", change: "Export multiply(a: number, b: number): number." },
      { path: "src/calc.test.ts", change: "Test that multiply(4, 5) is 20." },
    ],
    acceptanceCriteria: [
      { text: "Tests pass", check: "test" },
      { text: "Type check passes", check: "typecheck" },
      { text: "Build succeeds", check: "build" },
    ],
    agent: { kind: "script", script: DEMO_AGENT_SCRIPT },
    timeoutSeconds: 60,
  });
  await spawnRun(actor, task.id);
  return prisma.task.findUniqueOrThrow({ where: { id: task.id } });
}
