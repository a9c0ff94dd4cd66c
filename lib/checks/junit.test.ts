import { describe, expect, it } from "vitest";
import { parseJunit } from "./junit.ts";

describe("parseJunit", () => {
  it("counts passed, failed and skipped tests across nested suites, with failure messages", () => {
    const summary = parseJunit(`<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="vitest tests" tests="5" failures="2" errors="0">
  <testsuite name="math.test.ts" tests="3">
    <testcase classname="math.test.ts" name="adds" time="0.001"/>
    <testcase classname="math.test.ts" name="divides &amp; rounds" time="0.002">
      <failure message="expected 2 to be 3" type="AssertionError">AssertionError: expected 2 to be 3
    at math.test.ts:7:5</failure>
    </testcase>
    <testcase classname="math.test.ts" name="later"><skipped/></testcase>
  </testsuite>
  <testsuite name="io">
    <testsuite name="nested">
      <testcase name="reads"><error message="ENOENT"/></testcase>
      <testcase name="writes"></testcase>
    </testsuite>
  </testsuite>
</testsuites>`);
    expect(summary).toMatchObject({ tests: 5, passed: 2, failed: 2, skipped: 1 });
    expect(summary.failures).toEqual([
      { name: "divides & rounds", classname: "math.test.ts", message: expect.stringContaining("expected 2 to be 3\nAssertionError: expected 2 to be 3") },
      { name: "reads", message: "ENOENT" },
    ]);
  });

  it("reads a single <testsuite> root (pytest, Maven)", () => {
    const summary = parseJunit(`<testsuite name="pytest" tests="2"><testcase classname="t" name="a"/><testcase classname="t" name="b"><failure>boom</failure></testcase></testsuite>`);
    expect(summary).toMatchObject({ tests: 2, passed: 1, failed: 1, failures: [{ name: "b", classname: "t", message: "boom" }] });
  });

  it("refuses malformed XML and documents that are not JUnit reports", () => {
    expect(() => parseJunit("<testsuites><testsuite>")).toThrow(/not valid XML/);
    expect(() => parseJunit("<html><body/></html>")).toThrow(/no <testsuites> or <testsuite>/);
  });

  it("keeps at most 50 failures", () => {
    const cases = Array.from({ length: 60 }, (_, i) => `<testcase name="t${i}"><failure message="m${i}"/></testcase>`).join("");
    const summary = parseJunit(`<testsuite>${cases}</testsuite>`);
    expect(summary.failed).toBe(60);
    expect(summary.failures).toHaveLength(50);
  });
});
