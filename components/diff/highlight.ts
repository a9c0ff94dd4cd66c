import refractor from "refractor/core";
import bash from "refractor/lang/bash";
import css from "refractor/lang/css";
import go from "refractor/lang/go";
import java from "refractor/lang/java";
import javascript from "refractor/lang/javascript";
import json from "refractor/lang/json";
import jsx from "refractor/lang/jsx";
import markdown from "refractor/lang/markdown";
import python from "refractor/lang/python";
import rust from "refractor/lang/rust";
import sql from "refractor/lang/sql";
import tsx from "refractor/lang/tsx";
import typescript from "refractor/lang/typescript";
import yaml from "refractor/lang/yaml";
import { type HunkData, type HunkTokens, markEdits, tokenize } from "react-diff-view";

for (const syntax of [bash, css, go, java, javascript, json, jsx, markdown, python, rust, sql, typescript, tsx, yaml]) refractor.register(syntax);

const LANGUAGE_BY_EXTENSION: Record<string, string> = {
  ts: "typescript", mts: "typescript", cts: "typescript", tsx: "tsx", js: "javascript", mjs: "javascript", cjs: "javascript", jsx: "jsx",
  json: "json", css: "css", md: "markdown", py: "python", go: "go", rs: "rust", java: "java", sql: "sql", sh: "bash", bash: "bash", yml: "yaml", yaml: "yaml",
};
// Highlighting is synchronous: beyond this many changed lines a file is shown plain.
const MAX_HIGHLIGHTED_LINES = 3_000;

export function languageOf(path: string): string | null {
  const extension = path.split(".").pop()?.toLowerCase() ?? "";
  return LANGUAGE_BY_EXTENSION[extension] ?? null;
}

/** Syntax tokens and word-level edit marks for a file's hunks, or null when it is too large or unknown. */
export function tokensFor(path: string, hunks: HunkData[]): HunkTokens | null {
  const language = languageOf(path);
  const lines = hunks.reduce((sum, hunk) => sum + hunk.changes.length, 0);
  if (lines > MAX_HIGHLIGHTED_LINES) return null;
  try {
    const enhancers = [markEdits(hunks, { type: "block" })];
    return language ? tokenize(hunks, { highlight: true, refractor, language, enhancers }) : tokenize(hunks, { highlight: false, enhancers });
  } catch {
    return null; // a grammar that fails on odd input: plain text is still a diff
  }
}
