import { describe, expect, it } from "vitest";
import { AppError } from "../errors.ts";
import { parseInput } from "../validation.ts";
import { DEFAULT_TIMEOUT_SECONDS, taskSpecSchema, type TaskSpecInput } from "./spec-schema.ts";

const valid = (overrides: Record<string, unknown> = {}): TaskSpecInput =>
  ({
    repositoryId: "repo-1",
    name: "Add login page",
    goal: "Let people sign in.",
    agent: { kind: "script", script: "echo hi" },
    ...overrides,
  }) as TaskSpecInput;

/** The field errors parseInput reports, or fails when the input is accepted. */
function fieldsOf(input: unknown): Record<string, string> {
  try {
    parseInput(taskSpecSchema, input);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("validation_failed");
    expect((error as AppError).status).toBe(422);
    return (error as AppError).fields ?? {};
  }
  throw new Error(`expected the spec to be rejected: ${JSON.stringify(input).slice(0, 200)}`);
}

const files = (count: number) => Array.from({ length: count }, (_, index) => ({ path: `src/f${index}.ts`, change: "edit" }));
const criteria = (count: number) => Array.from({ length: count }, (_, index) => ({ text: `criterion ${index}` }));

describe("taskSpecSchema", () => {
  it("fills in the defaults", () => {
    const spec = parseInput(taskSpecSchema, valid());
    expect(spec).toEqual({
      repositoryId: "repo-1",
      name: "Add login page",
      goal: "Let people sign in.",
      context: "",
      files: [],
      agent: { kind: "script", script: "echo hi" },
      timeoutSeconds: 300,
      autoFixAttempts: 0,
    });
    expect(DEFAULT_TIMEOUT_SECONDS).toBe(300);
    expect(spec.branch).toBeUndefined();
    expect(spec.acceptanceCriteria).toBeUndefined();
  });

  it("trims every string", () => {
    const spec = parseInput(
      taskSpecSchema,
      valid({
        repositoryId: "  repo-1 ",
        name: "  Name  ",
        branch: "  feature/x  ",
        goal: "\n  Goal \t",
        files: [{ path: " src/a.ts ", change: "  add it  " }],
        acceptanceCriteria: [{ text: "  passes ", check: " test " }],
        agent: { kind: "script", script: "  ./run.sh  " },
      }),
    );
    expect(spec.repositoryId).toBe("repo-1");
    expect(spec.name).toBe("Name");
    expect(spec.branch).toBe("feature/x");
    expect(spec.goal).toBe("Goal");
    expect(spec.files).toEqual([{ path: "src/a.ts", change: "add it" }]);
    expect(spec.acceptanceCriteria).toEqual([{ text: "passes", check: "test" }]);
    expect(spec.agent).toEqual({ kind: "script", script: "./run.sh" });
  });

  it("requires repositoryId, name, goal and agent, and rejects blank strings", () => {
    const fields = fieldsOf({});
    expect(Object.keys(fields)).toEqual(expect.arrayContaining(["repositoryId", "name", "goal", "agent"]));
    expect(fieldsOf(valid({ name: "   " }))).toHaveProperty("name", "Name is required");
    expect(fieldsOf(valid({ goal: "" }))).toHaveProperty("goal", "Goal is required");
  });

  it("bounds the goal at 20,000 characters (after trimming)", () => {
    expect(parseInput(taskSpecSchema, valid({ goal: "g".repeat(20_000) })).goal).toHaveLength(20_000);
    expect(parseInput(taskSpecSchema, valid({ goal: ` ${"g".repeat(20_000)} ` })).goal).toHaveLength(20_000);
    expect(fieldsOf(valid({ goal: "g".repeat(20_001) }))).toHaveProperty("goal", "Goal must be at most 20000 characters");
  });

  it("allows at most 200 files", () => {
    expect(parseInput(taskSpecSchema, valid({ files: files(200) })).files).toHaveLength(200);
    expect(fieldsOf(valid({ files: files(201) }))).toHaveProperty("files", "At most 200 files");
  });

  it("allows at most 50 acceptance criteria", () => {
    expect(parseInput(taskSpecSchema, valid({ acceptanceCriteria: criteria(50) })).acceptanceCriteria).toHaveLength(50);
    expect(fieldsOf(valid({ acceptanceCriteria: criteria(51) }))).toHaveProperty("acceptanceCriteria", "At most 50 criteria");
  });

  it("keeps an explicitly empty criteria list empty", () => {
    expect(parseInput(taskSpecSchema, valid({ acceptanceCriteria: [] })).acceptanceCriteria).toEqual([]);
  });

  it("checks file paths and names the failing entry", () => {
    const fields = fieldsOf(
      valid({
        files: [
          { path: "ok.ts", change: "x" },
          { path: "../etc/passwd", change: "x" },
          { path: "/abs", change: "x" },
          { path: "a\\b", change: "x" },
          { path: "a\u0000b", change: "x" },
          { path: "./a", change: "x" },
          { path: "ok2.ts", change: " " },
        ],
      }),
    );
    expect(fields["files.0.path"]).toBeUndefined();
    expect(fields["files.1.path"]).toMatch(/^Path must not contain "\.\."/);
    expect(fields["files.2.path"]).toMatch(/^Path must be relative/);
    expect(fields["files.3.path"]).toMatch(/^Path uses backslashes/);
    expect(fields["files.4.path"]).toMatch(/^Path contains a NUL character/);
    expect(fields["files.5.path"]).toMatch(/^Path is not normalised/);
    expect(fields["files.6.change"]).toBe("What changes is required");
  });

  it("checks the branch with the task branch rules", () => {
    expect(parseInput(taskSpecSchema, valid({ branch: "feature/ok" })).branch).toBe("feature/ok");
    for (const branch of ["main", "feature/", "feature/a..b", "feature/a b", "feature/a~b", "feature/x.lock", "feature/x/", "feature/a@{b"]) {
      expect(fieldsOf(valid({ branch })), branch).toHaveProperty("branch", expect.stringMatching(/^Branch /));
    }
  });

  it("bounds the timeout to 10..86,400 whole seconds", () => {
    expect(parseInput(taskSpecSchema, valid({ timeoutSeconds: 10 })).timeoutSeconds).toBe(10);
    expect(parseInput(taskSpecSchema, valid({ timeoutSeconds: 86_400 })).timeoutSeconds).toBe(86_400);
    expect(fieldsOf(valid({ timeoutSeconds: 9 }))).toHaveProperty("timeoutSeconds", "Timeout must be at least 10 seconds");
    expect(fieldsOf(valid({ timeoutSeconds: 86_401 }))).toHaveProperty("timeoutSeconds", "Timeout must be at most 86,400 seconds (24 h)");
    expect(fieldsOf(valid({ timeoutSeconds: 30.5 }))).toHaveProperty("timeoutSeconds", "Timeout must be a whole number of seconds");
    expect(fieldsOf(valid({ timeoutSeconds: "300" }))).toHaveProperty("timeoutSeconds", "Timeout must be a number of seconds");
  });

  it("accepts only the known agent kinds", () => {
    expect(parseInput(taskSpecSchema, valid({ agent: { kind: "command", argv: ["claude", "-p"] } })).agent).toEqual({
      kind: "command",
      argv: ["claude", "-p"],
    });
    expect(parseInput(taskSpecSchema, valid({ agent: { kind: "claude-code" } })).agent).toEqual({
      kind: "claude-code",
      permissionMode: "acceptEdits",
    });
    for (const agent of [{ kind: "docker", image: "x" }, { kind: "shell", script: "x" }, { script: "x" }]) {
      expect(fieldsOf(valid({ agent })), JSON.stringify(agent)).toEqual({ "agent.kind": "Agent kind must be one of script, command, claude-code, codex, gemini, aider, opencode, cursor" });
    }
    for (const agent of ["script", null, 42]) {
      expect(fieldsOf(valid({ agent })), JSON.stringify(agent)).toEqual({ agent: "Agent kind must be one of script, command, claude-code, codex, gemini, aider, opencode, cursor" });
    }
  });

  it("requires a script for a script agent and a program for a command agent", () => {
    expect(fieldsOf(valid({ agent: { kind: "script", script: "  " } }))).toHaveProperty(["agent.script"], "Script is required");
    expect(fieldsOf(valid({ agent: { kind: "command", argv: [] } }))).toHaveProperty(["agent.argv"], "The command needs at least a program");
    expect(fieldsOf(valid({ agent: { kind: "command", argv: ["x", ""] } }))).toHaveProperty(["agent.argv.1"], "Arguments cannot be empty");
  });

  it("bounds auto-fix attempts to 0..5", () => {
    expect(parseInput(taskSpecSchema, valid({ autoFixAttempts: 5 })).autoFixAttempts).toBe(5);
    expect(fieldsOf(valid({ autoFixAttempts: 6 }))).toHaveProperty("autoFixAttempts");
    expect(fieldsOf(valid({ autoFixAttempts: -1 }))).toHaveProperty("autoFixAttempts");
  });
});
