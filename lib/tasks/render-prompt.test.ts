import { describe, expect, it } from "vitest";
import { renderPrompt, type PromptContext, type PromptSpec } from "./render-prompt.ts";

const spec: PromptSpec = {
  name: "Add login page",
  branch: "feature/add-login-page",
  goal: "Let people sign in with email and password.\nShow an error on a wrong password.",
  files: [
    { path: "app/login/page.tsx", change: "New page with the form" },
    { path: "lib/auth/session.ts", change: "Read the session cookie" },
  ],
  acceptanceCriteria: [
    { text: "Tests pass", check: "test" },
    { text: "The form is keyboard accessible" },
  ],
};

const context: PromptContext = {
  repositoryName: "web-app",
  baseBranch: "main",
  checks: [
    { name: "test", command: "npm test" },
    { name: "lint", command: "npm run lint" },
  ],
};

/** The text of one `## heading` section. */
function section(prompt: string, heading: string): string {
  const start = prompt.indexOf(`## ${heading}\n`);
  expect(start, `section ${heading}`).toBeGreaterThanOrEqual(0);
  const rest = prompt.slice(start + heading.length + 4);
  const end = rest.indexOf("\n## ");
  return end === -1 ? rest : rest.slice(0, end);
}

describe("renderPrompt", () => {
  const prompt = renderPrompt(spec, context);

  it("names the task, repository, branch and base branch", () => {
    expect(prompt.startsWith("# Task: Add login page\n")).toBe(true);
    expect(prompt).toContain("Repository: web-app");
    expect(prompt).toContain("Branch: `feature/add-login-page` (based on `main`)");
  });

  it("contains the goal verbatim", () => {
    expect(section(prompt, "Goal")).toContain(spec.goal);
  });

  it("lists each file with its change", () => {
    const files = section(prompt, "Files to modify");
    expect(files).toContain("- `app/login/page.tsx`: New page with the form");
    expect(files).toContain("- `lib/auth/session.ts`: Read the session cookie");
  });

  it("lists each acceptance criterion as a checkbox, with its check when linked", () => {
    const criteria = section(prompt, "Acceptance criteria");
    expect(criteria).toContain("- [ ] Tests pass (check `test`)");
    expect(criteria).toContain("- [ ] The form is keyboard accessible");
    expect(criteria).not.toContain("The form is keyboard accessible (check");
  });

  it("lists the repository's checks with their commands", () => {
    const checks = section(prompt, "Checks");
    expect(checks).toContain("- `test`: `npm test`");
    expect(checks).toContain("- `lint`: `npm run lint`");
  });

  it("states the working rules: this branch only, run the checks, report what was done", () => {
    const rules = section(prompt, "Working rules");
    expect(rules).toContain("Work only on the branch `feature/add-login-page`");
    expect(rules).toMatch(/Do not switch branches, create other branches, or push/);
    expect(rules).toMatch(/Run the checks above before you finish/);
    expect(rules).toMatch(/End with a short report: what you changed, which checks you ran and their results/);
  });

  it("keeps the sections in order", () => {
    const order = ["## Goal", "## Files to modify", "## Acceptance criteria", "## Checks", "## Working rules"].map((heading) =>
      prompt.indexOf(heading),
    );
    expect(order.every((position) => position > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it("says so when there are no files, criteria or checks", () => {
    const bare = renderPrompt({ ...spec, files: [], acceptanceCriteria: [] }, { ...context, checks: [] });
    expect(section(bare, "Files to modify")).toContain("_No files named; choose what to change._");
    expect(section(bare, "Acceptance criteria")).toContain("_None given._");
    expect(section(bare, "Checks")).toContain("_This repository defines no check commands._");
    expect(section(bare, "Working rules")).toContain("Work only on the branch `feature/add-login-page`");
  });
});
