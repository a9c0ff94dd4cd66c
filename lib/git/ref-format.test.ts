import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { branchNameProblem } from "./ref-format.ts";

const samples = [
  "main",
  "feature/add-login",
  "feature/a.b",
  "feature/x_y-z",
  "feature/ünïcode",
  "feature/with space",
  "feature/a..b",
  "feature/a~b",
  "feature/a^b",
  "feature/a:b",
  "feature/a?b",
  "feature/a*b",
  "feature/a[b",
  "feature/a\\b",
  "feature/a\tb",
  "feature/a\u0001b",
  "feature/a@{b",
  "feature/a@b",
  "feature/x.lock",
  "feature/x.lock/y",
  "feature/",
  "feature//x",
  "feature/.hidden",
  "feature/x.",
  "-flag",
  "/lead",
  "a/b/c/d",
];

describe("branchNameProblem", () => {
  it.each(samples)("agrees with git check-ref-format --branch on %j", (name) => {
    const git = spawnSync("git", ["check-ref-format", "--branch", name], { encoding: "utf8" });
    expect(branchNameProblem(name) === null).toBe(git.status === 0);
  });

  // git expands a lone "@" to the current branch, so it cannot be compared; as a name it is refused.
  it('refuses "@"', () => {
    expect(branchNameProblem("@")).toBe('is "@"');
  });
});
