"use client";

import "react-diff-view/style/index.css";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState, useTransition } from "react";
import type { ViewType } from "react-diff-view";
import { createCommentAction, submitReviewAction } from "@/app/(app)/tasks/[id]/review-actions";
import { Button } from "@/components/ui/button";
import type { DiffScope } from "@/lib/review/diff/diff-range";
import type { OpeningPatch, TaskDiffFiles } from "@/lib/review/diff/task-diff";
import type { PlacedComment } from "@/lib/review/dto";
import { FileSection, LARGE_FILE_LINES, lineAnchor, lineOf, type LineTarget } from "./file-section";
import { FileTree } from "./file-tree";
import { useFilePatches } from "./use-file-patches";
import { useViewedFiles } from "./use-viewed-files";

export interface DiffViewerProps {
  taskId: string;
  /** One run's changes, or those since an earlier head: read-only views. */
  scope: DiffScope;
  diff: TaskDiffFiles;
  /** The first files' patch, sent with the page. */
  openingPatch: OpeningPatch | null;
  /** The task's current head: comments and approvals go to it. */
  headSha: string;
  comments: PlacedComment[];
  canComment: boolean;
  /** Whether `a` approves the head shown (the review box above carries the buttons). */
  canApprove: boolean;
}

const HEADER_HEIGHT = 42;
const LINE_HEIGHT = 20;

/**
 * The branch diff: a file tree with counts, every file's header at once and its body fetched as it
 * scrolls into view (virtualised, so 5,000 files open like 5); unified or split; line comments;
 * keys j/k next/previous file, v toggles the view, a approves.
 */
export function DiffViewer({ taskId, scope, diff, openingPatch, headSha, comments, canComment, canApprove }: DiffViewerProps) {
  const router = useRouter();
  const [viewType, setViewType] = useState<ViewType>("unified");
  const [collapsed, setCollapsed] = useState<Set<string>>(() => new Set());
  const [forced, setForced] = useState<Set<string>>(() => new Set());
  // A viewed file folds away, as on GitHub, unless opened again.
  const [expandedViewed, setExpandedViewed] = useState<Set<string>>(() => new Set());
  const [draft, setDraft] = useState<{ path: string; target: LineTarget } | null>(null);
  const [current, setCurrent] = useState(0);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  // The first files' lines come with the page: they answer the pointer only once this has hydrated.
  const [interactive, setInteractive] = useState(false);
  useEffect(() => setInteractive(true), []);
  const [, startApprove] = useTransition();
  const { patches, request } = useFilePatches(taskId, scope, diff.head, openingPatch);
  const partial = Boolean(scope.run || scope.since);
  const scroller = useRef<HTMLDivElement>(null);
  const commentsByPath = useMemo(() => {
    const map = new Map<string, PlacedComment[]>();
    for (const comment of comments) map.set(comment.path, [...(map.get(comment.path) ?? []), comment]);
    return map;
  }, [comments]);

  const virtualizer = useVirtualizer({
    count: diff.files.length,
    getScrollElement: () => scroller.current,
    estimateSize: (index) => {
      const file = diff.files[index]!;
      if (collapsed.has(file.path) || file.binary || (isViewed(file) && !expandedViewed.has(file.path))) return HEADER_HEIGHT + 40;
      const lines = file.additions + file.deletions;
      return HEADER_HEIGHT + (lines > LARGE_FILE_LINES && !forced.has(file.path) ? 48 : Math.min(lines * 1.5 + 6, 4000) * LINE_HEIGHT) + 12;
    },
    overscan: 3,
    getItemKey: (index) => diff.files[index]!.path,
  });

  const goTo = useCallback(
    (index: number) => {
      const next = Math.max(0, Math.min(diff.files.length - 1, index));
      setCurrent(next);
      virtualizer.scrollToIndex(next, { align: "start" });
    },
    [diff.files.length, virtualizer],
  );

  const [showKeys, setShowKeys] = useState(false);
  const { isViewed, setViewed } = useViewedFiles(taskId);
  // The line the keyboard is on (n/p move it over the changed lines, c comments on it), announced.
  const [focus, setFocus] = useState<{ path: string; target: LineTarget } | null>(null);
  const [announcement, setAnnouncement] = useState("");

  const moveFocus = useCallback(
    (step: 1 | -1) => {
      const file = diff.files[current];
      const patch = file ? patches.get(file.path) : undefined;
      if (!file || patch?.state !== "ready" || !patch.file) {
        setAnnouncement(file ? `${file.path}: its changes are not loaded yet.` : "No file.");
        return;
      }
      const lines = patch.file.hunks.flatMap((hunk) => hunk.changes).filter((change) => change.type !== "normal").map(lineOf);
      const at = focus?.path === file.path ? lines.findIndex((line) => line.side === focus.target.side && line.line === focus.target.line) : -1;
      const next = lines[at === -1 ? (step === 1 ? 0 : lines.length - 1) : at + step];
      if (!next) {
        setAnnouncement(step === 1 ? `Last change of ${file.path}: j goes to the next file.` : `First change of ${file.path}.`);
        return;
      }
      setFocus({ path: file.path, target: next });
      setAnnouncement(`${file.path}, ${next.side === "new" ? "added" : "removed"} line ${next.line}`);
      requestAnimationFrame(() => document.getElementById(lineAnchor(file.path, next))?.scrollIntoView({ block: "center" }));
    },
    [current, diff.files, focus, patches],
  );
  // At phone width the file tree folds away behind a button (it would leave the diff no room).
  const [showTree, setShowTree] = useState(false);

  const approve = useCallback(() => {
    if (!canApprove || partial) return;
    if (!window.confirm(`Approve ${headSha.slice(0, 12)}?`)) return;
    startApprove(async () => {
      const result = await submitReviewAction(taskId, { decision: "approve", headSha, body: "" });
      setNotice(result.ok ? { ok: true, text: `Approved ${headSha.slice(0, 12)}.` } : { ok: false, text: result.error.message });
      if (result.ok) router.refresh();
    });
  }, [canApprove, headSha, partial, router, taskId]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.metaKey || event.ctrlKey || event.altKey || target?.closest("input, textarea, select, [contenteditable]")) return;
      if (event.key === "?") setShowKeys((shown) => !shown);
      else if (event.key === "Escape" && showKeys) setShowKeys(false);
      else if (event.key === "j") goTo(current + 1);
      else if (event.key === "k") goTo(current - 1);
      else if (event.key === "v") setViewType((view) => (view === "unified" ? "split" : "unified"));
      else if (event.key === "a") approve();
      else if (event.key === "n") moveFocus(1);
      else if (event.key === "p") moveFocus(-1);
      else if (event.key === "c" && focus && canComment && !partial) setDraft(focus);
      else if (event.key === "r" && !partial) document.querySelector<HTMLTextAreaElement>('textarea[aria-label="Review summary"]')?.focus();
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [approve, canComment, current, focus, goTo, moveFocus, partial, showKeys]);

  const onComment = useCallback(
    async (path: string, target: LineTarget, body: string, suggestion?: string) => {
      const result = await createCommentAction(taskId, { path, line: target.line, startLine: target.startLine, side: target.side, headSha, body, suggestion });
      if (!result.ok) return result.error.fields?.body ?? result.error.message;
      setDraft(null);
      router.refresh();
      return null;
    },
    [headSha, router, taskId],
  );

  const toggle = (set: Set<string>, path: string) => {
    const next = new Set(set);
    if (next.has(path)) next.delete(path);
    else next.add(path);
    return next;
  };

  return (
    <div className="space-y-3" data-testid="diff-viewer" data-interactive={interactive ? "true" : undefined}>
      <p className="sr-only" aria-live="polite" data-testid="diff-announcement">
        {announcement}
      </p>
      {showKeys ? <KeyboardShortcuts canApprove={canApprove && !partial} onClose={() => setShowKeys(false)} /> : null}
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <span data-testid="diff-totals">
          {diff.totals.files} file{diff.totals.files === 1 ? "" : "s"} changed, <span className="text-green-700">+{diff.totals.additions}</span>{" "}
          <span className="text-red-700">−{diff.totals.deletions}</span>
        </span>
        <span className="font-mono text-xs text-slate-500">
          {diff.base.slice(0, 12)}…{diff.head.slice(0, 12)}
        </span>
        <span className="text-xs text-slate-600" data-testid="viewed-count">
          {diff.files.filter(isViewed).length} of {diff.files.length} viewed
        </span>
        <div className="ml-auto flex min-w-0 flex-wrap items-center justify-end gap-2">
          <Button type="button" variant="secondary" className="md:hidden" aria-expanded={showTree} onClick={() => setShowTree((shown) => !shown)}>
            Files
          </Button>
          <Button type="button" variant="ghost" aria-keyshortcuts="?" onClick={() => setShowKeys(true)}>
            Shortcuts <kbd className="ml-1 font-mono text-xs">?</kbd>
          </Button>
          <Button type="button" variant="secondary" onClick={() => setViewType((view) => (view === "unified" ? "split" : "unified"))}>
            {viewType === "unified" ? "Split view" : "Unified view"}
          </Button>
        </div>
      </div>
      {notice ? (
        <p role={notice.ok ? "status" : "alert"} className={`text-sm ${notice.ok ? "text-green-700" : "text-red-600"}`}>
          {notice.text}
        </p>
      ) : null}
      {diff.files.length === 0 ? (
        <p className="text-sm text-slate-500">No changes.</p>
      ) : (
        <div className={`grid h-[calc(100vh-12rem)] gap-3 md:grid-cols-[16rem_minmax(0,1fr)] md:grid-rows-[minmax(0,1fr)] ${showTree ? "grid-rows-[12rem_minmax(0,1fr)]" : "grid-rows-[minmax(0,1fr)]"}`}>
          <div className={`min-h-0 overflow-hidden rounded-md border border-slate-200 bg-white ${showTree ? "" : "hidden md:block"}`} data-testid="file-tree">
            <FileTree files={diff.files} current={current} onSelect={(index) => { goTo(index); setShowTree(false); }} />
          </div>
          <div ref={scroller} className="min-h-0 overflow-auto" data-testid="diff-files">
            <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
              {virtualizer.getVirtualItems().map((item) => {
                const file = diff.files[item.index]!;
                return (
                  <div key={item.key} data-index={item.index} ref={virtualizer.measureElement} style={{ position: "absolute", top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }} className="pb-3">
                    <FileSection
                      file={file}
                      patch={patches.get(file.path)}
                      viewType={viewType}
                      collapsed={collapsed.has(file.path) || (isViewed(file) && !expandedViewed.has(file.path))}
                      viewed={isViewed(file)}
                      onViewed={(viewed) => {
                        setViewed(file, viewed);
                        setExpandedViewed((set) => { const next = new Set(set); next.delete(file.path); return next; });
                      }}
                      forceLoad={forced.has(file.path)}
                      comments={commentsByPath.get(file.path) ?? []}
                      draft={draft?.path === file.path ? draft.target : null}
                      focusLine={focus?.path === file.path ? focus.target : null}
                      canComment={canComment && !partial}
                      onRequest={() => request(file)}
                      onToggle={() => (isViewed(file) ? setExpandedViewed((set) => toggle(set, file.path)) : setCollapsed((set) => toggle(set, file.path)))}
                      onLoadLarge={() => setForced((set) => toggle(set, file.path))}
                      onDraft={(target) => setDraft(target ? { path: file.path, target } : null)}
                      onComment={(target, body, suggestion) => onComment(file.path, target, body, suggestion)}
                    />
                  </div>
                );
              })}
            </div>
          </div>
        </div>
      )}
    </div>
  );
}

const SHORTCUTS: Array<{ key: string; does: string; approve?: true }> = [
  { key: "j", does: "Next file" },
  { key: "k", does: "Previous file" },
  { key: "n", does: "Next changed line of the file" },
  { key: "p", does: "Previous changed line of the file" },
  { key: "c", does: "Comment on that line" },
  { key: "v", does: "Unified or split view" },
  { key: "r", does: "Write the review summary (request changes)" },
  { key: "a", does: "Approve the head shown", approve: true },
  { key: "?", does: "Show or hide these shortcuts" },
  { key: "Esc", does: "Close this list" },
];

function KeyboardShortcuts({ canApprove, onClose }: { canApprove: boolean; onClose: () => void }) {
  return (
    <div role="dialog" aria-modal="true" aria-labelledby="shortcuts-title" className="fixed inset-0 z-50 flex items-center justify-center bg-slate-900/40 p-4" onClick={onClose}>
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-4 shadow-lg" onClick={(event) => event.stopPropagation()}>
        <h2 id="shortcuts-title" className="mb-3 text-sm font-semibold text-slate-900">
          Keyboard shortcuts
        </h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
          {SHORTCUTS.filter((shortcut) => canApprove || !shortcut.approve).map((shortcut) => (
            <div key={shortcut.key} className="contents">
              <dt>
                <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 font-mono text-xs text-slate-800">{shortcut.key}</kbd>
              </dt>
              <dd className="text-slate-700">{shortcut.does}</dd>
            </div>
          ))}
        </dl>
        <button type="button" autoFocus onClick={onClose} className="mt-4 rounded-md border border-slate-300 px-3 py-1 text-sm text-slate-700 hover:bg-slate-100">
          Close
        </button>
      </div>
    </div>
  );
}
