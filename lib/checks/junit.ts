import { XMLParser, XMLValidator } from "fast-xml-parser";

export interface JunitFailure {
  name: string;
  classname?: string;
  message: string;
}

export interface JunitSummary {
  tests: number;
  passed: number;
  failed: number;
  skipped: number;
  /** The first failing tests (at most MAX_FAILURES), with their messages. */
  failures: JunitFailure[];
}

const MAX_FAILURES = 50;
const MAX_MESSAGE_LENGTH = 2_000;

type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  textNodeName: "#text",
  isArray: (name) => name === "testsuite" || name === "testcase" || name === "failure" || name === "error" || name === "skipped",
  processEntities: true,
});

/** A JUnit XML report (Jest, Vitest, pytest, Go, Maven, … flavours) as counts and failing tests. */
export function parseJunit(xml: string): JunitSummary {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`The JUnit report is not valid XML: ${valid.err.msg} (line ${valid.err.line}).`);
  const document = parser.parse(xml) as XmlNode;
  const root = (document.testsuites ?? document) as XmlNode;
  const cases = collectTestcases(root);
  if (!document.testsuites && !document.testsuite) throw new Error("The JUnit report has no <testsuites> or <testsuite> element.");

  const summary: JunitSummary = { tests: cases.length, passed: 0, failed: 0, skipped: 0, failures: [] };
  for (const testcase of cases) {
    const problem = first(testcase.failure) ?? first(testcase.error);
    if (problem !== undefined) {
      summary.failed++;
      if (summary.failures.length < MAX_FAILURES) summary.failures.push(failureOf(testcase, problem));
    } else if (testcase.skipped !== undefined) {
      summary.skipped++;
    } else {
      summary.passed++;
    }
  }
  return summary;
}

function collectTestcases(node: XmlNode): XmlNode[] {
  const suites = (node.testsuite as XmlNode[] | undefined) ?? [];
  const own = (node.testcase as XmlNode[] | undefined) ?? [];
  return [...own, ...suites.flatMap((suite) => collectTestcases(suite))];
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

function failureOf(testcase: XmlNode, problem: unknown): JunitFailure {
  const name = String(testcase.name ?? "(unnamed test)");
  const classname = testcase.classname === undefined ? undefined : String(testcase.classname);
  let message = "";
  if (typeof problem === "string") message = problem;
  else if (problem && typeof problem === "object") {
    const detail = problem as XmlNode;
    message = [detail.message, detail["#text"]].filter((part) => typeof part === "string" && part.trim()).join("\n");
  }
  return { name, ...(classname ? { classname } : {}), message: message.trim().slice(0, MAX_MESSAGE_LENGTH) };
}
