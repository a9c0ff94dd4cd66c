import { describe, expect, it } from "vitest";
import { BRANCH_PREFIX, defaultBranch, slugify, taskBranchProblem } from "./branch.ts";

describe("slugify", () => {
  it.each([
    ["Add login page", "add-login-page"],
    ["  Fix: the  CRASH!!  ", "fix-the-crash"],
    ["Café über naïve", "cafe-uber-naive"],
    ["v2.0 / API_keys", "v2-0-api-keys"],
    ["---already-dashed---", "already-dashed"],
    ["日本語", ""],
    ["!!!", ""],
    ["", ""],
  ])("%j → %j", (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it("keeps at most 60 characters and never ends with a dash", () => {
    const slug = slugify(`${"a".repeat(59)} ${"b".repeat(20)}`);
    expect(slug).toBe("a".repeat(59));
    expect(slugify("x".repeat(100))).toHaveLength(60);
  });
});

describe("defaultBranch", () => {
  it("is feature/<slug of the name>", () => {
    expect(BRANCH_PREFIX).toBe("feature/");
    expect(defaultBranch("Add login page")).toBe("feature/add-login-page");
    expect(defaultBranch("Café")).toBe("feature/cafe");
  });

  it("is null when the name has no letters or digits", () => {
    expect(defaultBranch("!!! ???")).toBeNull();
    expect(defaultBranch("日本語")).toBeNull();
  });

  it("always produces a valid task branch", () => {
    for (const name of ["Add login page", "a..b", "x.lock", "Fix ~^:?*[\\ stuff", "a@{b}", `${"y".repeat(80)}.lock`]) {
      const branch = defaultBranch(name);
      expect(branch).not.toBeNull();
      expect(taskBranchProblem(branch!), `${name} → ${branch}`).toBeNull();
    }
  });
});

describe("taskBranchProblem", () => {
  it.each(["feature/add-login", "feature/a.b", "feature/x_y-z", "feature/team/part-2", "feature/A1"])("accepts %j", (branch) => {
    expect(taskBranchProblem(branch)).toBeNull();
  });

  it.each([
    ["main", "no feature/ prefix"],
    ["fix/thing", "another prefix"],
    ["Feature/thing", "prefix is case-sensitive"],
    ["feature/", "prefix only"],
    ["feature", "prefix without slash"],
  ])("requires the feature/ prefix: %j (%s)", (branch) => {
    expect(taskBranchProblem(branch)).toMatch(/must be feature\/<slug>/);
  });

  it.each([
    ["feature/a..b", ".."],
    ["feature/a b", "space"],
    ["feature/a\tb", "tab"],
    ["feature/a~b", "~"],
    ["feature/a^b", "^"],
    ["feature/a:b", ":"],
    ["feature/a?b", "?"],
    ["feature/a*b", "*"],
    ["feature/a[b", "["],
    ["feature/a\\b", "backslash"],
    ["feature/a\u0001b", "control character"],
    ["feature/a\u007fb", "DEL"],
    ["feature/a\nb", "newline"],
    ["feature/a@{b", "@{"],
    ["feature/x.lock", "trailing .lock"],
    ["feature/x.lock/y", ".lock component"],
    ["feature/x/", "trailing /"],
    ["feature//x", "//"],
    ["feature/.hidden", "component starting with ."],
    ["feature/x.", "trailing ."],
    [`feature/${"a".repeat(200)}`, "longer than 200"],
  ])("rejects %j (%s) as an invalid git branch name", (branch) => {
    expect(taskBranchProblem(branch)).toMatch(/^is not a valid git branch name: it /);
  });
});
