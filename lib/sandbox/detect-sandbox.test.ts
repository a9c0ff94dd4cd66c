import { describe, expect, it } from "vitest";
import { detectSandbox } from "./detect-sandbox.ts";

describe("detectSandbox", () => {
  // This project's CI and development machines install bubblewrap and allow user namespaces.
  it("picks bwrap where it can build the runs' sandbox, and probes only once", async () => {
    const first = detectSandbox();
    expect(detectSandbox()).toBe(first);
    const detected = await first;
    expect(detected.kind).toBe("bwrap");
    expect(detected.sandbox.kind).toBe("bwrap");
  });
});
