import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { AgentAdapter } from "../agents/types.ts";
import type { AgentEvent } from "../logs/log-events.ts";

export const FIXTURES_DIR = fileURLToPath(new URL("./fixtures/agents/", import.meta.url));

export function fixtureLines(fileName: string): string[] {
  return readFileSync(path.join(FIXTURES_DIR, fileName), "utf8").replace(/\n$/, "").split("\n");
}

/** Runs a whole output through a fresh parser: stdout lines, then stderr lines, then the exit. */
export function parseOutput(
  adapter: AgentAdapter,
  output: { stdout: string[]; stderr?: string[] },
  exitCode: number | null,
): AgentEvent[] {
  const parser = adapter.createParser();
  return [
    ...output.stdout.flatMap((line) => parser.pushLine(line, "stdout")),
    ...(output.stderr ?? []).flatMap((line) => parser.pushLine(line, "stderr")),
    ...parser.finish(exitCode),
  ];
}

export function parseFixture(adapter: AgentAdapter, fileName: string, exitCode: number | null, stderr: string[] = []): AgentEvent[] {
  return parseOutput(adapter, { stdout: fixtureLines(fileName), stderr }, exitCode);
}

export const PROMPT = "# Task: Add greet()\n\nAdd a greet(name) function with a test.";
export const PROMPT_FILE = "/runs/1.home/prompt.md";
