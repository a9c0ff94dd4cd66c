import { git } from "../../git/git.ts";
import type { DiffRange } from "./diff-range.ts";

export type FileStatus = "added" | "deleted" | "modified" | "renamed" | "copied" | "type_changed";

export interface DiffFile {
  path: string;
  /** The path before a rename or copy. */
  oldPath?: string;
  status: FileStatus;
  oldMode: string | null;
  newMode: string | null;
  /** The file's blob on the new side (the old side's for a deletion), abbreviated: what it is at this head. */
  blob: string;
  additions: number;
  deletions: number;
  binary: boolean;
}

const STATUS: Record<string, FileStatus> = { A: "added", D: "deleted", M: "modified", R: "renamed", C: "copied", T: "type_changed" };
const NO_MODE = "000000";

/** The changed files of a diff with their status, modes and line counts, in git's order. */
export async function diffFiles(range: DiffRange): Promise<DiffFile[]> {
  const common = ["--git-dir", range.mirrorPath, "diff", "-z", "-M", "--no-ext-diff", "--no-textconv", range.base, range.head];
  const [raw, numstat] = await Promise.all([
    git([...common.slice(0, 3), "--raw", "--abbrev=12", ...common.slice(3)], "list the changed files", { timeoutMs: 300_000 }),
    git([...common.slice(0, 3), "--numstat", ...common.slice(3)], "count the changed lines", { timeoutMs: 300_000 }),
  ]);
  const counts = parseNumstat(numstat);
  return parseRaw(raw).map((file, index) => ({ ...file, ...(counts[index] ?? { additions: 0, deletions: 0, binary: false }) }));
}

function parseRaw(output: string): Array<Omit<DiffFile, "additions" | "deletions" | "binary">> {
  const fields = output.split("\0");
  const files = [];
  for (let at = 0; at < fields.length && fields[at]!.startsWith(":"); ) {
    const [oldMode, newMode, oldBlob, newBlob, statusField] = fields[at]!.slice(1).split(" ");
    const status = STATUS[statusField![0]!] ?? "modified";
    const blob = (status === "deleted" ? oldBlob : newBlob) ?? "";
    if (status === "renamed" || status === "copied") {
      files.push({ path: fields[at + 2]!, oldPath: fields[at + 1]!, status, oldMode: mode(oldMode), newMode: mode(newMode), blob });
      at += 3;
    } else {
      files.push({ path: fields[at + 1]!, status, oldMode: mode(oldMode), newMode: mode(newMode), blob });
      at += 2;
    }
  }
  return files;
}

function parseNumstat(output: string): Array<{ additions: number; deletions: number; binary: boolean }> {
  const fields = output.split("\0");
  const counts = [];
  for (let at = 0; at < fields.length && fields[at] !== ""; ) {
    const [added, deleted, path] = fields[at]!.split("\t");
    counts.push(added === "-" ? { additions: 0, deletions: 0, binary: true } : { additions: Number(added), deletions: Number(deleted), binary: false });
    at += path === "" ? 3 : 1; // a rename's paths follow as two more fields
  }
  return counts;
}

function mode(value: string | undefined): string | null {
  return !value || value === NO_MODE ? null : value;
}
