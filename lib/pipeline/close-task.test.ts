// Closing a task without merging it, and reopening it: runs stopped, the branch name freed and taken
// back, the status derived again; bad input, wrong states and roles change nothing.
import { describe, expect, it } from "vitest";
import { prisma } from "../db/client.ts";
import { createTestActor, createTestRepository, createTestTask } from "../testing/factories.ts";
import { rejection } from "../testing/rejection.ts";
import { closeTask } from "./close-task.ts";
import { openBranchKey } from "../tasks/open-branch-key.ts";
import { reopenTask } from "./reopen-task.ts";

describe("closing and reopening a task", () => {
  it("cancels its queued run, asks its active run to stop, frees its branch and keeps the reason", async () => {
    const author = await createTestActor("operator");
    const repository = await createTestRepository();
    const task = await createTestTask(repository, author, { status: "running", openBranchKey: openBranchKey(repository.id, "feature/closing") , branch: "feature/closing" });
    const active = await prisma.run.create({ data: { taskId: task.id, number: 1, prompt: "p", agentKind: "script", status: "running", workerId: "w" } });
    const queued = await prisma.run.create({ data: { taskId: task.id, number: 2, prompt: "p", agentKind: "script", status: "queued" } });

    const refused = async (input: unknown, actor = author) => (await rejection(closeTask(actor, task.id, input))) as { status: number; fields?: Record<string, string> };
    expect((await refused({ reason: "  " })).fields).toHaveProperty("reason");
    expect((await refused({})).status).toBe(422);
    expect((await refused({ reason: "no" }, await createTestActor("viewer"))).status).toBe(403);
    expect((await prisma.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe("running");

    const closed = await closeTask(author, task.id, { reason: "Superseded by another approach." });
    expect(closed).toMatchObject({ status: "closed", openBranchKey: null });
    expect((await prisma.run.findUniqueOrThrow({ where: { id: queued.id } })).status).toBe("cancelled");
    expect((await prisma.run.findUniqueOrThrow({ where: { id: active.id } })).cancelRequestedAt).not.toBeNull();
    expect(await prisma.auditEvent.findFirst({ where: { action: "task.closed", targetId: task.id } })).toMatchObject({ data: { reason: "Superseded by another approach." } });
    expect((await refused({ reason: "again" })).status).toBe(409);
    expect(((await rejection(closeTask(author, "no-such-task", { reason: "x" }))) as { status: number }).status).toBe(404);
  });

  it("reopens a closed task unless an open task took its branch, deriving its status again; merged tasks stay merged", async () => {
    const author = await createTestActor("operator");
    const repository = await createTestRepository();
    const branch = "feature/reopened";
    const task = await createTestTask(repository, author, { branch, openBranchKey: openBranchKey(repository.id, branch) });
    await closeTask(author, task.id, { reason: "Paused." });
    const taker = await createTestTask(repository, author, { branch, openBranchKey: openBranchKey(repository.id, branch) });
    expect(((await rejection(reopenTask(author, task.id))) as { status: number; message: string }).message).toContain(`Another open task uses the branch ${branch}`);
    expect((await prisma.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe("closed");

    await closeTask(author, taker.id, { reason: "Wrong one." });
    expect(await reopenTask(author, task.id)).toMatchObject({ status: "draft", openBranchKey: openBranchKey(repository.id, branch) });
    expect(((await rejection(reopenTask(author, task.id))) as { status: number }).status).toBe(409);
    expect(((await rejection(reopenTask(await createTestActor("viewer"), task.id))) as { status: number }).status).toBe(403);
    const merged = await createTestTask(repository, author, { status: "merged" });
    expect(((await rejection(reopenTask(author, merged.id))) as { status: number }).status).toBe(409);
  });
});
