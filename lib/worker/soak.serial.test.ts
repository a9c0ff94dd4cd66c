// The soak of bench/soak.ts, shorter: the built app with its in-process worker and two standalone
// workers takes 40 tasks through run, checks, auto-fix, a second user's approval and merge while clients
// read and follow streams; then a standalone worker is killed -9 midway through another batch.
import { expect, inject, it } from "vitest";
import { soak } from "../testing/soak.ts";

const database = inject("testDatabase");
const base = { failingEvery: 4, standaloneWorkers: 2, deadlineMs: 240_000, ...(database.kind === "postgres" ? { postgresUrl: database.url } : {}) };

it("takes 40 tasks to merge: none interrupted, executed twice or stuck, no 5xx, every log whole, every merge once", async () => {
  const report = await soak({ ...base, tasks: 40 });
  expect({ ...report, durationMs: 0, longestHeartbeatGapMs: 0, longestTurnWaitMs: 0, sseEvents: 0, runs: 0 }).toEqual({
    tasks: 40, merged: 40, runs: 0, autoFixRuns: 10, interruptedRuns: 0, interruptedElsewhere: [], failedRuns: [], executedTwice: 0, stuck: [], serverErrors: [], incompleteLogs: [],
    mergesNotOnce: [], sseEvents: 0, longestHeartbeatGapMs: 0, longestTurnWaitMs: 0, killed: null, durationMs: 0,
  });
  expect(report.runs).toBe(50);
  expect(report.sseEvents).toBeGreaterThan(0);
  expect(report.longestHeartbeatGapMs).toBeLessThan(30_000);
}, 300_000);

it("with a standalone worker killed -9 midway: its runs end interrupted within 45 s and every task still merges", async () => {
  // Only standalone workers here, so the one killed certainly holds runs (the in-process worker, woken
  // at once by every spawn, would otherwise take most of them).
  const report = await soak({ ...base, tasks: 12, inProcessWorker: false, killWorkerAt: 0.3, agentSleepSeconds: 3 });
  expect(report.killed).toMatchObject({ allInterrupted: true });
  expect(report.killed!.runs).toBeGreaterThan(0);
  expect(report.killed!.endedWithinMs).toBeLessThan(45_000);
  expect(report.interruptedRuns).toBe(report.killed!.runs);
  expect({ interruptedElsewhere: report.interruptedElsewhere, merged: report.merged, failedRuns: report.failedRuns, stuck: report.stuck, serverErrors: report.serverErrors, executedTwice: report.executedTwice, incompleteLogs: report.incompleteLogs, mergesNotOnce: report.mergesNotOnce }).toEqual({
    interruptedElsewhere: [], merged: 12, failedRuns: [], stuck: [], serverErrors: [], executedTwice: 0, incompleteLogs: [], mergesNotOnce: [],
  });
}, 300_000);
