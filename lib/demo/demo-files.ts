/** The sample repository's first commit: a small TypeScript package whose tests, type check and build run offline. */
export const DEMO_FILES: Record<string, string> = {
  ".gitignore": "node_modules\ndist\nreports\n",
  "README.md": "# Demo calculator\n\nA tiny TypeScript package for trying Code Orchestrator: its checks compile it, type-check it and run its tests.\n",
  "package.json": `${JSON.stringify({ name: "demo-calculator", private: true, scripts: { build: "tsc -p .", typecheck: "tsc --noEmit -p .", test: "tsc -p . && node --test dist/" } }, null, 2)}\n`,
  "tsconfig.json": `${JSON.stringify({ compilerOptions: { target: "ES2022", module: "commonjs", strict: true, esModuleInterop: true, skipLibCheck: true, types: ["node"], rootDir: "src", outDir: "dist" } }, null, 2)}\n`,
  "src/calc.ts": "export function add(a: number, b: number): number {\n  return a + b;\n}\n",
  "src/calc.test.ts": 'import { test } from "node:test";\nimport assert from "node:assert/strict";\nimport { add } from "./calc";\n\ntest("adds", () => assert.equal(add(2, 3), 5));\n',
};

/** What the demo task's script agent does: the change a coding agent would make for the spec. */
export const DEMO_AGENT_SCRIPT = `echo "Reading the spec from $ORCH_PROMPT_FILE"
cat >> src/calc.ts <<'TS'

export function multiply(a: number, b: number): number {
  return a * b;
}
TS
sed -i 's/import { add } from ".\\/calc";/import { add, multiply } from ".\\/calc";/' src/calc.test.ts
cat >> src/calc.test.ts <<'TS'
test("multiplies", () => assert.equal(multiply(4, 5), 20));
TS
echo "Added multiply() and its test."`;

const TSC = "node_modules/.bin/tsc";

export const DEMO_CHECKS = [
  { name: "typecheck", command: `${TSC} --noEmit -p .`, required: true, timeoutSeconds: 120 },
  { name: "build", command: `${TSC} -p .`, required: true, timeoutSeconds: 120 },
  {
    name: "test",
    command: `${TSC} -p . && mkdir -p reports && node --test --test-reporter=spec --test-reporter-destination=stdout --test-reporter=junit --test-reporter-destination=reports/junit.xml dist/`,
    required: true,
    timeoutSeconds: 120,
    junitPath: "reports/junit.xml",
  },
];
