import { describe, expect, it } from "vitest";
import { repoPathProblem } from "./repo-path.ts";

describe("repoPathProblem", () => {
  it.each(["README.md", "src/index.ts", "a/b/c/d.txt", ".github/workflows/ci.yml", "...", "a/..b/c", "dir.with.dots/file", "with space/ok.txt", "ünïcode/ok"])(
    "accepts the normalised relative path %j",
    (value) => {
      expect(repoPathProblem(value)).toBeNull();
    },
  );

  it.each([
    ["..", /must not contain "\.\."/],
    ["../outside", /must not contain "\.\."/],
    ["src/../../etc/passwd", /must not contain "\.\."/],
    ["src/..", /must not contain "\.\."/],
    ["/etc/passwd", /must be relative/],
    ["/", /must be relative/],
    ["C:/Windows/system32", /must be relative/],
    ["c:relative", /must be relative/],
    ["a\u0000b", /NUL/],
    ["src\\index.ts", /backslashes/],
    ["..\\outside", /backslashes/],
    ["a\u0001b", /control character/],
    ["a\nb", /control character/],
    ["./src/index.ts", /not normalised \(did you mean "src\/index\.ts"\?\)/],
    ["src/./index.ts", /not normalised/],
    ["src//index.ts", /not normalised/],
    ["src/", /not normalised \(did you mean "src"\?\)/],
    [".", /not normalised/],
    [".git/config", /inside \.git/],
    [".git", /inside \.git/],
  ])("rejects %j", (value, problem) => {
    expect(repoPathProblem(value)).toMatch(problem);
  });
});
