import { requirePermission, type Actor } from "../../auth/permissions.ts";
import { diffFiles } from "./diff-files.ts";
import { diffRange, type DiffScope } from "./diff-range.ts";
import type { DiffFilesDto } from "../dto.ts";

/** The changed files of the task's branch (or of one run, or since an earlier head) with per-file and total line counts. */
export async function taskDiffFiles(actor: Actor | null, taskId: string, scope: DiffScope = {}): Promise<DiffFilesDto> {
  requirePermission(actor, "task.view");
  const range = await diffRange(taskId, scope);
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

/** The range a patch of the task (or of one run, or since an earlier head) is read from, after the permission check. */
export async function taskDiffRange(actor: Actor | null, taskId: string, scope: DiffScope = {}) {
  requirePermission(actor, "task.view");
  return diffRange(taskId, scope);
}
