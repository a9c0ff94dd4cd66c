// The task's status is derived in one place (deriveTaskStatus) and settled in the transaction of every
// change it depends on: runs, local and GitHub checks, reviews.
import { describe, expect, it } from "vitest";
import { completeCheck } from "./complete-check.ts";
import { rerunChecks } from "./rerun-checks.ts";
import { prisma } from "../db/client.ts";
import { submitReview } from "./submit-review.ts";
import { spawnRun } from "./spawn-run.ts";
import { createTestActor, createTestRepository, createTestTask } from "../testing/factories.ts";
import { rejection } from "../testing/rejection.ts";
import { deriveTaskStatus, settleTaskStatus, type TaskStatusFacts } from "./task-state.ts";

const HEAD = "b".repeat(40);
const facts = (overrides: Partial<TaskStatusFacts>): TaskStatusFacts => ({
  headSha: HEAD,
  pendingRuns: 0,
  requiredChecks: [],
  latestDecision: null,
  approved: false,
  ...overrides,
});
const completed = (conclusion: string) => ({ status: "completed", conclusion });

describe("deriveTaskStatus", () => {
  it.each([
    ["draft", facts({ headSha: null })],
    ["running", facts({ pendingRuns: 1 })],
    ["running", facts({ pendingRuns: 1, headSha: null })],
    ["awaiting_checks", facts({ requiredChecks: [completed("success"), { status: "queued", conclusion: null }] })],
    ["awaiting_checks", facts({ requiredChecks: [completed("failure"), { status: "running", conclusion: null }] })],
    ["checks_failed", facts({ requiredChecks: [completed("success"), completed("failure")] })],
    ["checks_failed", facts({ requiredChecks: [completed("timed_out")] })],
    ["checks_failed", facts({ requiredChecks: [completed("cancelled")] })],
    ["checks_failed", facts({ requiredChecks: [completed("error")], approved: true })],
    ["changes_requested", facts({ requiredChecks: [completed("success")], latestDecision: "request_changes" })],
    ["approved", facts({ requiredChecks: [completed("success"), completed("skipped"), completed("neutral")], latestDecision: "approve", approved: true })],
    ["ready_for_review", facts({ requiredChecks: [completed("success")], latestDecision: "approve", approved: false })],
    ["ready_for_review", facts({})],
  ] as const)("%s", (status, input) => {
    expect(deriveTaskStatus(input)).toBe(status);
  });
});

async function statusOf(taskId: string) {
  return (await prisma.task.findUniqueOrThrow({ where: { id: taskId } })).status;
}

describe("settled with the changes it depends on", () => {
  it("goes through every status a task with a required check and one required approval passes", async () => {
    const author = await createTestActor("operator");
    const [reviewer, other] = [await createTestActor("maintainer"), await createTestActor("maintainer")];
    const repository = await createTestRepository({ requiredApprovals: 1, checks: { create: [{ name: "test", command: "npm test", required: true }, { name: "lint", command: "npm run lint" }] } });
    const task = await createTestTask(repository, author);
    const settle = () => prisma.$transaction((tx) => settleTaskStatus(tx, task.id));

    await settle();
    expect(await statusOf(task.id)).toBe("draft");
    const run = await spawnRun(author, task.id);
    expect(await statusOf(task.id)).toBe("running");
    await prisma.run.update({ where: { id: run.id }, data: { status: "succeeded", headSha: HEAD } });
    await prisma.task.update({ where: { id: task.id }, data: { headSha: HEAD } });
    const [test, lint] = await Promise.all(
      ["test", "lint"].map((name) => prisma.checkRun.create({ data: { taskId: task.id, headSha: HEAD, name, required: name === "test" } })),
    );
    await settle();
    expect(await statusOf(task.id)).toBe("awaiting_checks");

    await completeCheck(test!.id, { conclusion: "failure", exitCode: 1 });
    expect(await statusOf(task.id)).toBe("checks_failed");
    await rerunChecks(author, task.id, { name: "test" });
    expect(await statusOf(task.id)).toBe("awaiting_checks");
    const retried = await prisma.checkRun.findFirstOrThrow({ where: { taskId: task.id, name: "test", attempt: 2 } });
    await completeCheck(retried.id, { conclusion: "success", exitCode: 0 });
    expect(await statusOf(task.id)).toBe("ready_for_review");
    await completeCheck(lint!.id, { conclusion: "failure", exitCode: 1 }); // not required
    expect(await statusOf(task.id)).toBe("ready_for_review");

    await submitReview(reviewer, task.id, { decision: "approve", headSha: HEAD });
    expect(await statusOf(task.id)).toBe("approved");
    await submitReview(other, task.id, { decision: "request_changes", body: "Rename it.", headSha: HEAD, spawnRun: false });
    expect(await statusOf(task.id)).toBe("changes_requested");
  });

  it("refuses a second run while one is queued or active, however many ask at once", async () => {
    const author = await createTestActor("operator");
    const task = await createTestTask(await createTestRepository(), author);
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => spawnRun(author, task.id)));
    const accepted = outcomes.filter((outcome) => outcome.status === "fulfilled");
    expect(accepted).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === "rejected") expect(outcome.reason).toMatchObject({ status: 409, message: "A run is already active: #1. Wait for it to finish or cancel it." });
    }
    expect(await prisma.run.count({ where: { taskId: task.id } })).toBe(1);

    const maintainer = await createTestActor("maintainer");
    await prisma.task.update({ where: { id: task.id }, data: { headSha: HEAD } });
    const feedback = (await rejection(submitReview(maintainer, task.id, { decision: "request_changes", body: "More.", headSha: HEAD }))) as { status: number };
    expect(feedback.status).toBe(409);
    expect(await prisma.review.count({ where: { taskId: task.id } })).toBe(0);
  });
});
