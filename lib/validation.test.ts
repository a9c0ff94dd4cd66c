import { expect, test } from "vitest";
import { z } from "zod";
import { unreadableUrlError } from "./http/unreadable-url.ts";
import { parseInput } from "./validation.ts";

const schema = z.object({ goal: z.string(), checks: z.array(z.object({ command: z.string() })) });

test("text PostgreSQL cannot store (NUL, lone surrogates) is refused with the field named", () => {
  const refused = (input: unknown) => {
    try {
      parseInput(schema, input);
    } catch (error) {
      return error as { status: number; fields: Record<string, string> };
    }
    throw new Error("accepted");
  };
  expect(refused({ goal: "a\u0000b", checks: [] })).toMatchObject({ status: 422, fields: { goal: expect.stringMatching(/NUL/) } });
  expect(refused({ goal: "ok", checks: [{ command: "npm test\u0000" }] }).fields).toHaveProperty(["checks.0.command"]);
  expect(refused({ goal: "\ud800", checks: [] }).fields).toHaveProperty("goal");
  expect(refused({ goal: "x\udc00", checks: [] }).fields).toHaveProperty("goal");
  expect(parseInput(schema, { goal: "emoji 😀 and ü", checks: [] }).goal).toBe("emoji 😀 and ü");
});

test("an API URL with an unreadable or NUL-bearing segment is a 404, a NUL query value a 400", () => {
  const status = (path: string) => unreadableUrlError(new URL(path, "http://localhost"))?.status ?? null;
  expect(status("/api/v1/tasks/a%00b/comments")).toBe(404);
  expect(status("/api/v1/tasks/%ff%fe/reviews")).toBe(404);
  expect(status("/api/v1/runs/%E0%A4%A/log.txt")).toBe(404);
  expect(status("/api/v1/tasks/abc/diff?path=a%00b")).toBe(400);
  expect(status("/api/v1/tasks/abc/diff?path=src%2Fa.ts")).toBeNull();
  expect(status("/api/v1/tasks/caf%C3%A9")).toBeNull();
});
