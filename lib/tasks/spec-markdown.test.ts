import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "../errors.ts";
import { parseSpecMarkdown, renderSpecMarkdown, type MarkdownSpec } from "./spec-markdown.ts";

const TEMPLATE = `## Task: Add dark mode toggle

**Branch:** feature/add-dark-mode-toggle

**Goal:** Let people switch the theme from the header.
It is remembered per browser.

**Files to modify:**
- \`components/header.tsx\` — add the toggle
- \`app/globals.css\` — dark variables

**Acceptance Criteria:**
- [ ] Tests pass
- [ ] Type check passes
- [x] Build succeeds

**Context:**
The design is in Figma.
`;

describe("parseSpecMarkdown", () => {
  it("reads the template, every field and the line it came from", () => {
    const { spec, unmapped, lines } = parseSpecMarkdown(TEMPLATE);
    expect(spec).toEqual({
      name: "Add dark mode toggle",
      branch: "feature/add-dark-mode-toggle",
      goal: "Let people switch the theme from the header.\nIt is remembered per browser.",
      files: [
        { path: "components/header.tsx", change: "add the toggle" },
        { path: "app/globals.css", change: "dark variables" },
      ],
      acceptanceCriteria: [{ text: "Tests pass" }, { text: "Type check passes" }, { text: "Build succeeds" }],
      context: "The design is in Figma.",
    });
    expect(unmapped).toEqual([]);
    expect(lines).toMatchObject({ name: 1, branch: 3, goal: 5, "files.1.path": 10, "acceptanceCriteria.2.text": 15 });
  });

  it("takes the variations people write: CRLF, other dashes, no backticks, label case, colon outside the bold", () => {
    const markdown = [
      "# Task:   Fix login  ",
      "**goal**: Make it work.",
      "**FILES TO MODIFY:**",
      "* src/login.ts - handle the redirect",
      "- `src/a b.ts`: spaces in the path",
      "- src/c.ts – en dash",
    ].join("\r\n");
    const { spec } = parseSpecMarkdown(markdown);
    expect(spec.name).toBe("Fix login");
    expect(spec.goal).toBe("Make it work.");
    expect(spec.branch).toBeUndefined();
    expect(spec.acceptanceCriteria).toBeUndefined();
    expect(spec.files).toEqual([
      { path: "src/login.ts", change: "handle the redirect" },
      { path: "src/a b.ts", change: "spaces in the path" },
      { path: "src/c.ts", change: "en dash" },
    ]);
  });

  it("returns what it could not place, with the line and why", () => {
    const markdown = [
      "Intro the parser cannot place",
      "## Task: T",
      "**Goal:** G",
      "**Important:** part of the goal",
      "**Files to modify:**",
      "not an item",
      "**Reviewers:** alice",
      "bob",
    ].join("\n");
    const { spec, unmapped } = parseSpecMarkdown(markdown);
    expect(spec.goal).toBe("G\n**Important:** part of the goal");
    expect(unmapped).toEqual([
      { line: 1, text: "Intro the parser cannot place", reason: "outside any part of the spec" },
      { line: 6, text: "not an item", reason: "not a `- path — change` item" },
      { line: 7, text: "**Reviewers:** alice", reason: '"Reviewers" is not a part of a task spec' },
      { line: 8, text: "bob", reason: "outside any part of the spec" },
    ]);
  });

  it("refuses Markdown that is not a spec with a 422 whose fields point at the line", () => {
    const refusal = (markdown: string) => {
      try {
        parseSpecMarkdown(markdown);
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).code).toBe("validation_failed");
        return (error as AppError).fields;
      }
      throw new Error("accepted");
    };
    expect(refusal("just some text")).toEqual({ name: 'Line 1: a spec starts with "## Task: <name>".' });
    expect(refusal("## Task: T")).toEqual({ goal: 'The spec has no "**Goal:**".' });
    expect(refusal("## Task:\n**Goal:** g")).toMatchObject({ name: 'Line 1: the task has no name after "Task:".' });
    expect(refusal("## Task: T\n**Goal:** g\n**Files to modify:**\n- `a.ts`")).toEqual({
      "files.0.change": 'Line 4: say what changes in a.ts, after " — ".',
    });
    expect(refusal("## Task: T\n**Goal:** g\n**Goal:** again")).toEqual({ goal: 'Line 3: "Goal" appears a second time.' });
  });
});

// Text as a valid spec stores it: trimmed, with no NUL or CR; some lines look like headings or items.
const trickyLine = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.constantFrom("**Goal:** x", "\\**Context:**", "\\\\## Task: y", "## Task: z", "- [ ] not a criterion", "```ts", "  indented", "", "**Note:** kept"),
);
const freeText = fc
  .array(trickyLine, { minLength: 1, maxLength: 6 })
  .map((lines) => lines.join("\n").replace(/[\0\r]/g, "").trim())
  .filter((text) => text.length > 0);
const oneLine = fc
  .string({ unit: "grapheme", minLength: 1, maxLength: 40 })
  .map((text) => text.replace(/[\0-\x1f\x7f]/g, "").trim())
  .filter((text) => text.length > 0 && !/ \(check: `[^`]*`\)$/.test(text));
const pathSegment = fc.oneof(
  fc.stringMatching(/^[\w.-]{1,12}$/).filter((segment) => segment !== "." && segment !== ".." && segment !== ".git"),
  fc.constantFrom("a b", "`tick`", "ü-ñ", "日本", "x``y", "—", "a: b"),
);
const path = fc.array(pathSegment, { minLength: 1, maxLength: 4 }).map((segments) => segments.join("/").trim()).filter((value) => value.length > 0 && !value.startsWith("/"));
const spec: fc.Arbitrary<MarkdownSpec> = fc.record(
  {
    name: oneLine,
    branch: fc.stringMatching(/^feature\/[a-z0-9][a-z0-9-]{0,20}$/),
    goal: freeText,
    files: fc.array(fc.record({ path, change: freeText }), { maxLength: 4 }),
    acceptanceCriteria: fc.array(fc.record({ text: oneLine, check: fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/) }, { requiredKeys: ["text"] }), { maxLength: 4 }),
    context: fc.oneof(fc.constant(""), freeText),
  },
  { requiredKeys: ["name", "goal", "files", "context"] },
);

describe("renderSpecMarkdown", () => {
  it("renders the template's format", () => {
    expect(renderSpecMarkdown(parseSpecMarkdown(TEMPLATE).spec)).toBe(
      TEMPLATE.replace("- [x]", "- [ ]"),
    );
  });

  it("is read back to the same spec, whatever its text (property)", () => {
    fc.assert(
      fc.property(spec, (value) => {
        expect(parseSpecMarkdown(renderSpecMarkdown(value)).spec).toEqual(value);
      }),
      { numRuns: 2_000 },
    );
  });

  it("keeps unicode, code blocks and odd paths", () => {
    const value: MarkdownSpec = {
      name: "Résumé 日本語 🚀",
      branch: "feature/resume",
      goal: "Run this:\n\n```sh\n**Goal:** not a heading\nnpm test\n```\n\\**Context:** escaped already",
      files: [
        { path: "src/`odd`/a b.ts", change: "first line\n\n  indented second\n- a dash" },
        { path: "``/x", change: "y" },
      ],
      acceptanceCriteria: [{ text: "Tests pass", check: "test" }, { text: "Ünïcode criterion" }],
      context: "## Task: inside the context",
    };
    expect(parseSpecMarkdown(renderSpecMarkdown(value)).spec).toEqual(value);
  });
});
