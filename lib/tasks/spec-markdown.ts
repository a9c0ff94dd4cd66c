import { invalidFields, type FieldErrors } from "../errors.ts";

/**
 * Task specs as Markdown, in the template orchestrators already write and read:
 *
 *     ## Task: <name>
 *     **Branch:** feature/<name>
 *     **Goal:** <text>
 *     **Files to modify:**
 *     - `path` — what changes
 *     **Acceptance Criteria:**
 *     - [ ] Tests pass
 *     **Context:**
 *     <text>
 *
 * Rendering and parsing are exact inverses for any valid spec. Free text keeps every line as written;
 * a line of it that would read as a field heading is escaped with one more leading backslash.
 */
export interface MarkdownSpec {
  name: string;
  branch?: string;
  goal: string;
  files: { path: string; change: string }[];
  /** Absent when the Markdown has no criteria section: the repository's defaults then apply. */
  acceptanceCriteria?: { text: string; check?: string }[];
  context: string;
}

export interface UnmappedLine {
  line: number;
  text: string;
  reason: string;
}

export interface ParsedSpecMarkdown {
  spec: MarkdownSpec;
  /** Lines nothing was taken from, with why: shown to the person who pasted them. */
  unmapped: UnmappedLine[];
  /** The 1-based line each field came from, keyed by field path ("files.2.path"). */
  lines: Record<string, number>;
}

const SECTIONS = {
  branch: "Branch",
  goal: "Goal",
  files: "Files to modify",
  criteria: "Acceptance Criteria",
  context: "Context",
} as const;
type Section = keyof typeof SECTIONS;

const SECTION_BY_LABEL = new Map<string, Section>(
  Object.entries(SECTIONS).map(([section, label]) => [normalizeLabel(label), section as Section]),
);
// The s flag: a line (split at "\n" only) may hold U+2028 or U+2029, which "." alone does not match.
const HEADING = /^\*\*([^*\n]+?):?\*\*:?[ \t]*(.*)$/s;
const TASK_TITLE = /^#{1,6}[ \t]+Task:[ \t]*(.*)$/is;
const CRITERION = /^[-*+][ \t]+\[[ xX]\][ \t]+(.*)$/s;
const CRITERION_CHECK = /^(.*?)[ \t]+\(check:[ \t]*`([^`\n]+)`\)$/s;
const FILE_ITEM = /^[-*+][ \t]+(.*)$/s;
const CHANGE_SEPARATOR = /^[ \t]*(?:—|–|--|-|:)[ \t]*/;
// Where a path written without backticks ends: at " — ", " - " or ": ".
const PLAIN_PATH_END = /[ \t]+(?:—|–|--|-)[ \t]+|:[ \t]/;
const CONTINUATION = "  ";

function normalizeLabel(label: string): string {
  return label.trim().toLowerCase().replace(/\s+/g, " ");
}

/** A stored task's spec, as its Markdown export renders it. */
export function taskMarkdownSpec(task: { name: string; branch: string; goal: string; context: string; files: unknown; acceptanceCriteria: unknown }): MarkdownSpec {
  return {
    name: task.name,
    branch: task.branch,
    goal: task.goal,
    // Stored as validated by the spec schema.
    files: task.files as MarkdownSpec["files"],
    acceptanceCriteria: task.acceptanceCriteria as NonNullable<MarkdownSpec["acceptanceCriteria"]>,
    context: task.context,
  };
}

export function renderSpecMarkdown(spec: MarkdownSpec): string {
  const out = [`## Task: ${spec.name}`, ""];
  if (spec.branch) out.push(`**Branch:** ${spec.branch}`, "");
  out.push(`**Goal:** ${freeText(spec.goal)}`, "");
  out.push("**Files to modify:**");
  for (const file of spec.files) {
    const [first, ...rest] = file.change.split("\n");
    out.push(`- ${codeSpan(file.path)} — ${first}`, ...rest.map((line) => CONTINUATION + line));
  }
  out.push("");
  if (spec.acceptanceCriteria) {
    out.push("**Acceptance Criteria:**");
    for (const criterion of spec.acceptanceCriteria) {
      out.push(`- [ ] ${criterion.text}${criterion.check ? ` (check: \`${criterion.check}\`)` : ""}`);
    }
    out.push("");
  }
  if (spec.context) out.push("**Context:**", freeText(spec.context), "");
  return out.join("\n");
}

function sectionOf(line: string): Section | undefined {
  const heading = HEADING.exec(line);
  return heading ? SECTION_BY_LABEL.get(normalizeLabel(heading[1]!)) : undefined;
}

/** A line that, behind any number of backslashes, would read as the title or a part's heading. */
function looksLikeHeading(line: string): boolean {
  const bare = line.replace(/^\\+/, "");
  return TASK_TITLE.test(bare) || sectionOf(bare) !== undefined;
}

function freeText(text: string): string {
  return text
    .split("\n")
    .map((line) => (looksLikeHeading(line) ? `\\${line}` : line))
    .join("\n");
}

function unescapeFreeText(line: string): string {
  return line.startsWith("\\") && looksLikeHeading(line) ? line.slice(1) : line;
}

/** A CommonMark code span that holds `text` whatever backticks it contains. */
function codeSpan(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const padded = text.startsWith("`") || text.endsWith("`") ? ` ${text} ` : text;
  return `${fence}${padded}${fence}`;
}

/** Reads a leading code span: its text and what follows it, or null when the line does not start with one. */
function readCodeSpan(line: string): { text: string; rest: string } | null {
  const opening = /^`+/.exec(line)?.[0];
  if (!opening) return null;
  let at = opening.length;
  for (;;) {
    const close = line.indexOf(opening, at);
    if (close < 0) return null;
    const after = close + opening.length;
    if (line[after] === "`" || line[close - 1] === "`") {
      at = after;
      while (line[at] === "`") at++;
      continue;
    }
    let text = line.slice(opening.length, close);
    if (text.length >= 2 && text.startsWith(" ") && text.endsWith(" ") && text.trim() !== "") text = text.slice(1, -1);
    return { text, rest: line.slice(after) };
  }
}

interface Block {
  section: Section;
  line: number;
  /** The text after the heading on its own line. */
  inline: string;
  body: { line: number; text: string }[];
}

/**
 * Reads a spec from Markdown. Throws a 422 whose fields name the line when a required part is missing
 * or malformed; anything it cannot place is returned in `unmapped`.
 */
export function parseSpecMarkdown(markdown: string): ParsedSpecMarkdown {
  const rows = markdown.replace(/\r\n?/g, "\n").split("\n");
  const unmapped: UnmappedLine[] = [];
  const lines: Record<string, number> = {};
  const errors: FieldErrors = {};
  let name: string | null = null;
  const blocks: Block[] = [];
  const seen = new Set<Section>();
  let current: Block | null = null;

  for (const [index, text] of rows.entries()) {
    const line = index + 1;
    const title: RegExpExecArray | null = name === null ? TASK_TITLE.exec(text) : null;
    if (title) {
      name = title[1]!.trim();
      lines.name = line;
      current = null;
      continue;
    }
    const section = sectionOf(text);
    if (section) {
      if (seen.has(section)) errors[fieldOf(section)] ??= `Line ${line}: "${SECTIONS[section]}" appears a second time.`;
      seen.add(section);
      current = { section, line, inline: HEADING.exec(text)![2]!, body: [] };
      blocks.push(current);
      continue;
    }
    // Another bold label ("**Note:**") is text inside the goal or the context, and a part of its own elsewhere.
    const label = HEADING.exec(text)?.[1];
    if (label && !(current && isFreeText(current.section))) {
      current = null;
      unmapped.push({ line, text, reason: `"${label.trim()}" is not a part of a task spec` });
      continue;
    }
    if (current) current.body.push({ line, text });
    else if (text.trim() !== "") unmapped.push({ line, text, reason: "outside any part of the spec" });
  }

  if (name === null) errors.name = 'Line 1: a spec starts with "## Task: <name>".';
  else if (!name) errors.name = `Line ${lines.name}: the task has no name after "Task:".`;

  const spec: MarkdownSpec = { name: name ?? "", goal: "", files: [], context: "" };
  for (const block of blocks) {
    switch (block.section) {
      case "branch": {
        spec.branch = block.inline.trim().replace(/^`(.*)`$/, "$1");
        lines.branch = block.line;
        skipBody(block, unmapped, "the branch is one line");
        if (!spec.branch) errors.branch = `Line ${block.line}: no branch after "Branch:".`;
        break;
      }
      case "goal":
        spec.goal = blockText(block);
        lines.goal = block.line;
        if (!spec.goal) errors.goal = `Line ${block.line}: the goal is empty.`;
        break;
      case "context":
        spec.context = blockText(block);
        lines.context = block.line;
        break;
      case "files":
        spec.files = readFiles(block, lines, errors, unmapped);
        break;
      case "criteria":
        spec.acceptanceCriteria = readCriteria(block, lines, unmapped);
        break;
    }
  }
  if (!seen.has("goal") && name !== null) errors.goal = 'The spec has no "**Goal:**".';
  if (Object.keys(errors).length > 0) throw invalidFields(errors);
  return { spec, unmapped: unmapped.sort((a, b) => a.line - b.line), lines };
}

function isFreeText(section: Section): boolean {
  return section === "goal" || section === "context";
}

function fieldOf(section: Section): string {
  return section === "criteria" ? "acceptanceCriteria" : section;
}

function skipBody(block: Block, unmapped: UnmappedLine[], reason: string): void {
  for (const row of block.body) if (row.text.trim() !== "") unmapped.push({ ...row, reason });
}

/** Free text: the heading's own line and the lines below it, blank lines around it dropped. */
function blockText(block: Block): string {
  const rows = [block.inline, ...block.body.map((row) => row.text)].map(unescapeFreeText);
  while (rows.length > 0 && rows[0]!.trim() === "") rows.shift();
  while (rows.length > 0 && rows.at(-1)!.trim() === "") rows.pop();
  return rows.join("\n");
}

function readFiles(block: Block, lines: Record<string, number>, errors: FieldErrors, unmapped: UnmappedLine[]) {
  if (block.inline.trim()) unmapped.push({ line: block.line, text: block.inline, reason: "files are listed below the heading" });
  const items: { path: string; change: string[] }[] = [];
  let open = false;
  for (const row of block.body) {
    const item = FILE_ITEM.exec(row.text);
    if (item) {
      const index = items.length;
      const span = readCodeSpan(item[1]!);
      const path = span ? span.text : item[1]!.split(PLAIN_PATH_END)[0]!.trim();
      const change = (span ? span.rest : item[1]!.slice(path.length)).replace(CHANGE_SEPARATOR, "");
      lines[`files.${index}`] = row.line;
      lines[`files.${index}.path`] = row.line;
      lines[`files.${index}.change`] = row.line;
      if (!change.trim()) errors[`files.${index}.change`] = `Line ${row.line}: say what changes in ${path}, after " — ".`;
      items.push({ path, change: [change] });
      open = true;
    } else if (open && row.text.startsWith(CONTINUATION)) {
      items.at(-1)!.change.push(row.text.slice(CONTINUATION.length));
    } else {
      open = false;
      if (row.text.trim() !== "") unmapped.push({ ...row, reason: "not a `- path — change` item" });
    }
  }
  return items.map((item) => ({ path: item.path, change: item.change.join("\n").trimEnd() }));
}

function readCriteria(block: Block, lines: Record<string, number>, unmapped: UnmappedLine[]) {
  const criteria: { text: string; check?: string }[] = [];
  if (block.inline.trim()) unmapped.push({ line: block.line, text: block.inline, reason: "criteria are listed below the heading" });
  for (const row of block.body) {
    const item = CRITERION.exec(row.text) ?? FILE_ITEM.exec(row.text);
    if (!item) {
      if (row.text.trim() !== "") unmapped.push({ ...row, reason: "not a `- [ ] criterion` item" });
      continue;
    }
    const linked = CRITERION_CHECK.exec(item[1]!);
    lines[`acceptanceCriteria.${criteria.length}`] = row.line;
    lines[`acceptanceCriteria.${criteria.length}.text`] = row.line;
    criteria.push(linked ? { text: linked[1]!, check: linked[2]! } : { text: item[1]! });
  }
  return criteria;
}
