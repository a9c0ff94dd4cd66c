import { requirePermission, type Actor } from "../../auth/permissions.ts";
import { diffFiles } from "./diff-files.ts";
import { diffPatchStream } from "./diff-patch.ts";
import { diffRange, type DiffRange, type DiffScope } from "./diff-range.ts";
import type { DiffFilesDto } from "../dto.ts";

/** The changed files of the task's branch (or of one run, or since an earlier head) with per-file and total line counts. */
export async function taskDiffFiles(actor: Actor | null, taskId: string, scope: DiffScope = {}): Promise<DiffFilesDto> {
  requirePermission(actor, "task.view");
  return filesOf(await diffRange(taskId, scope));
}

async function filesOf(range: DiffRange): Promise<DiffFilesDto> {
  const files = await diffFiles(range);
  return {
    base: range.base,
    head: range.head,
    files,
    totals: {
      files: files.length,
      additions: files.reduce((sum, file) => sum + file.additions, 0),
      deletions: files.reduce((sum, file) => sum + file.deletions, 0),
    },
  };
}

export type TaskDiffFiles = Awaited<ReturnType<typeof taskDiffFiles>>;

const OPENING_FILES = 10;
const OPENING_PATCH_LIMIT = 256 * 1024;

/** The patch of the first files, as the page asks for it, when it is small enough to send with the page. */
export interface OpeningPatch {
  paths: string[];
  text: string;
}

/**
 * What the diff page opens with: the file list and the first files' patch, read from one range, so the
 * first file's changes arrive with the page instead of a request after it.
 */
export async function taskDiffOpening(actor: Actor | null, taskId: string, scope: DiffScope = {}): Promise<{ diff: DiffFilesDto; openingPatch: OpeningPatch | null }> {
  requirePermission(actor, "task.view");
  const range = await diffRange(taskId, scope);
  const diff = await filesOf(range);
  const first = diff.files.slice(0, OPENING_FILES);
  if (first.length === 0) return { diff, openingPatch: null };
  const text = await readAtMost(diffPatchStream(range, { paths: first.flatMap((file) => (file.oldPath ? [file.path, file.oldPath] : [file.path])) }), OPENING_PATCH_LIMIT);
  return { diff, openingPatch: text === null ? null : { paths: first.map((file) => file.path), text } };
}

/** The stream's text, or null (and the stream cancelled) once it passes `limit` bytes. */
async function readAtMost(stream: ReadableStream<Uint8Array>, limit: number): Promise<string | null> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return new TextDecoder().decode(Buffer.concat(chunks));
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
}

/** The range a patch of the task (or of one run, or since an earlier head) is read from, after the permission check. */
export async function taskDiffRange(actor: Actor | null, taskId: string, scope: DiffScope = {}) {
  requirePermission(actor, "task.view");
  return diffRange(taskId, scope);
}
