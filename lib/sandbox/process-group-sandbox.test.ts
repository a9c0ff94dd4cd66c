import { describe, expect, it } from "vitest";
import { processGroupSandbox } from "./process-group-sandbox.ts";
import { itBehavesAsASandbox, processesMarkedWith, script, startRun, waitForMarkedProcesses } from "../testing/sandbox-test-support.ts";

describe("processGroupSandbox", () => {
  itBehavesAsASandbox(processGroupSandbox);

  it("also kills processes that left the process group with setsid", async () => {
    const run = await startRun(processGroupSandbox, {
      argv: script("setsid sleep 1000 & setsid bash -c 'trap \"\" TERM; sleep 1000' & echo ready; sleep 1000"),
      graceMs: 300,
    });
    await run.waitForStdout("ready");
    // bash execs its last command, so: the two setsid sleeps and bash turned into the last sleep.
    await waitForMarkedProcesses(run.marker, 3);
    run.process.cancel();
    const result = await run.finish();
    expect(result.reason).toBe("cancelled");
    expect(await processesMarkedWith(run.marker)).toEqual([]);
  });
});
