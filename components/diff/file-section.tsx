"use client";

import { memo, useCallback, useEffect, useMemo, type ReactNode } from "react";
import { type ChangeData, Diff, type FileData, getChangeKey, Hunk, type ViewType } from "react-diff-view";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { DiffFile } from "@/lib/review/diff/diff-files";
import type { PlacedComment } from "@/lib/review/dto";
import { CommentDraft, CommentList } from "./comment-thread";
import { tokensFor } from "./highlight";
import type { PatchState } from "./use-file-patches";

// A file with more changed lines than this waits for a click: one huge file must not stall the page.
export const LARGE_FILE_LINES = 2_000;

export interface LineTarget {
  side: "old" | "new";
  line: number;
  /** The first line of a range (shift-click on a second line), when more than one. */
  startLine?: number;
}

/** The element id of a line of a file, for scrolling the keyboard's line into view. */
export function lineAnchor(path: string, target: LineTarget): string {
  return `line-${target.side}-${target.line}-${encodeURIComponent(path)}`;
}

export function lineOf(change: ChangeData): LineTarget {
  if (change.type === "insert") return { side: "new", line: change.lineNumber };
  if (change.type === "delete") return { side: "old", line: change.lineNumber };
  return { side: "new", line: change.newLineNumber };
}

interface FileSectionProps {
  file: DiffFile;
  patch: PatchState | undefined;
  viewType: ViewType;
  collapsed: boolean;
  /** Marked viewed at this very content (a new head that changes the file clears it). */
  viewed: boolean;
  forceLoad: boolean;
  comments: PlacedComment[];
  draft: LineTarget | null;
  /** The line the keyboard is on. */
  focusLine: LineTarget | null;
  canComment: boolean;
  onRequest: () => void;
  onToggle: () => void;
  onViewed: (viewed: boolean) => void;
  onLoadLarge: () => void;
  onDraft: (target: LineTarget | null) => void;
  onComment: (target: LineTarget, body: string, suggestion?: string) => Promise<string | null>;
}

const STATUS_LABEL: Record<DiffFile["status"], string> = { added: "added", deleted: "deleted", modified: "modified", renamed: "renamed", copied: "copied", type_changed: "type changed" };

/** One file of the diff: its header always, its body once loaded (fetched when the section is shown). */
export const FileSection = memo(function FileSection(props: FileSectionProps) {
  const { file, patch, collapsed } = props;
  const large = file.additions + file.deletions > LARGE_FILE_LINES && !props.forceLoad;
  const wantsBody = !collapsed && !file.binary && !large;
  const { onRequest } = props;
  useEffect(() => {
    if (wantsBody && !patch) onRequest();
  }, [wantsBody, patch, onRequest]);

  return (
    <section className="rounded-md border border-slate-200 bg-white" data-testid="diff-file" data-path={file.path} aria-label={file.path}>
      <header className="sticky top-0 z-10 flex flex-wrap items-center gap-2 rounded-t-md border-b border-slate-200 bg-slate-50 px-3 py-2 text-sm">
        <button type="button" onClick={props.onToggle} aria-expanded={!collapsed} aria-label={`${collapsed ? "Expand" : "Collapse"} ${file.path}`} className="w-4 text-slate-500">
          {collapsed ? "▸" : "▾"}
        </button>
        <span className="font-mono font-medium">
          {file.oldPath ? `${file.oldPath} → ` : ""}
          {file.path}
        </span>
        <Badge tone={file.status === "added" ? "green" : file.status === "deleted" ? "red" : "gray"}>{STATUS_LABEL[file.status]}</Badge>
        {file.oldMode && file.newMode && file.oldMode !== file.newMode ? (
          <span className="font-mono text-xs text-slate-500">
            mode {file.oldMode} → {file.newMode}
          </span>
        ) : null}
        <span className="ml-auto font-mono text-xs">
          <span className="text-green-700">+{file.additions}</span> <span className="text-red-700">−{file.deletions}</span>
        </span>
        <label className="flex items-center gap-1 text-xs text-slate-600">
          <input type="checkbox" checked={props.viewed} onChange={(event) => props.onViewed(event.target.checked)} aria-label={`Viewed ${file.path}`} />
          Viewed
        </label>
      </header>
      {collapsed ? null : file.binary ? (
        <p className="px-3 py-2 text-sm text-slate-500">Binary file: not shown.</p>
      ) : large ? (
        <div className="flex items-center gap-3 px-3 py-2 text-sm text-slate-600">
          {file.additions + file.deletions} changed lines.
          <Button type="button" variant="secondary" onClick={props.onLoadLarge}>
            Load the diff
          </Button>
        </div>
      ) : !patch || patch.state === "loading" ? (
        <p className="px-3 py-2 text-sm text-slate-500">Loading…</p>
      ) : patch.state === "error" ? (
        <p role="alert" className="px-3 py-2 text-sm text-red-600">
          {patch.message}
        </p>
      ) : patch.file && patch.file.hunks.length > 0 ? (
        <FileBody {...props} data={patch.file} />
      ) : (
        <p className="px-3 py-2 text-sm text-slate-500">{file.status === "renamed" ? "Renamed without changes." : "No line changes (mode or type only)."}</p>
      )}
    </section>
  );
});

function FileBody({ file, data, viewType, comments, draft, focusLine, canComment, onDraft, onComment }: FileSectionProps & { data: FileData }) {
  const tokens = useMemo(() => tokensFor(file.path, data.hunks), [file.path, data.hunks]);
  const changes = useMemo(() => data.hunks.flatMap((hunk) => hunk.changes), [data.hunks]);
  const changeAt = useCallback(
    (side: LineTarget["side"], line: number) =>
      changes.find((candidate) => {
        if (candidate.type === "normal") return side === "new" ? candidate.newLineNumber === line : candidate.oldLineNumber === line;
        const at = lineOf(candidate);
        return at.side === side && at.line === line;
      }),
    [changes],
  );
  const widgets = useMemo(() => {
    const byKey: Record<string, ReactNode> = {};
    const keyOf = (target: LineTarget) => {
      const change = changeAt(target.side, target.line);
      return change ? getChangeKey(change) : null;
    };
    const grouped = new Map<string, PlacedComment[]>();
    for (const comment of comments) {
      if (comment.outdated || comment.currentLine === null) continue;
      const key = keyOf({ side: comment.side, line: comment.currentLine });
      if (key) grouped.set(key, [...(grouped.get(key) ?? []), comment]);
    }
    for (const [key, list] of grouped) byKey[key] = <CommentList comments={list} canResolve={canComment} />;
    if (draft) {
      const key = keyOf(draft);
      const first = draft.startLine ?? draft.line;
      const selected = Array.from({ length: draft.line - first + 1 }, (_, index) => changeAt(draft.side, first + index)?.content ?? "").join("\n");
      if (key) {
        byKey[key] = (
          <>
            {byKey[key]}
            <CommentDraft
              label={`Comment on ${file.path} ${first === draft.line ? `line ${draft.line}` : `lines ${first}–${draft.line}`}`}
              suggestable={draft.side === "new" ? selected : null}
              onCancel={() => onDraft(null)}
              onSubmit={(body, suggestion) => onComment(draft, body, suggestion)}
            />
          </>
        );
      }
    }
    return byKey;
  }, [canComment, changeAt, comments, draft, file.path, onComment, onDraft]);
  const selectedChanges = useMemo(() => {
    const focused = focusLine ? changeAt(focusLine.side, focusLine.line) : undefined;
    const picked = draft
      ? Array.from({ length: draft.line - (draft.startLine ?? draft.line) + 1 }, (_, index) => changeAt(draft.side, (draft.startLine ?? draft.line) + index))
      : [];
    return [...picked, focused].flatMap((change) => (change ? [getChangeKey(change)] : []));
  }, [changeAt, draft, focusLine]);

  const pick = (change: ChangeData | null, event: { shiftKey: boolean }) => {
    if (!change) return;
    const target = lineOf(change);
    // Shift-click on a second line of the same side makes a range with the line picked first.
    if (event.shiftKey && draft && draft.side === target.side && draft.line !== target.line) {
      const anchor = draft.startLine ?? draft.line;
      onDraft({ side: target.side, startLine: Math.min(anchor, target.line), line: Math.max(anchor, target.line) });
    } else onDraft(target);
  };

  return (
    <div className="overflow-x-auto text-xs">
      <Diff
        viewType={viewType}
        diffType={data.type}
        hunks={data.hunks}
        tokens={tokens}
        widgets={widgets}
        selectedChanges={selectedChanges}
        generateAnchorID={(change) => lineAnchor(file.path, lineOf(change))}
        gutterEvents={canComment ? { onClick: ({ change }, event) => pick(change, event) } : {}}
        renderGutter={({ change, renderDefault, inHoverState, side }) =>
          canComment && inHoverState && (viewType === "unified" ? side === "new" : true) ? (
            <button type="button" className="diff-add-comment" aria-label={`Comment on line ${lineOf(change).line}`} onClick={(event) => { event.stopPropagation(); pick(change, event); }}>
              +
            </button>
          ) : (
            renderDefault()
          )
        }
      >
        {(hunks) => hunks.map((hunk) => <Hunk key={hunk.content} hunk={hunk} />)}
      </Diff>
    </div>
  );
}
