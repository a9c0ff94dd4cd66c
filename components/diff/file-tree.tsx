"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useMemo, useRef } from "react";
import type { DiffFile } from "@/lib/review/diff/diff-files";

type Row = { kind: "dir"; path: string; depth: number } | { kind: "file"; file: DiffFile; index: number; depth: number };

const ROW_HEIGHT = 24;

/** Directories and files in path order, each directory once, virtualised for thousands of files. */
export function FileTree({ files, current, onSelect }: { files: DiffFile[]; current: number; onSelect: (index: number) => void }) {
  const rows = useMemo(() => treeRows(files), [files]);
  const parent = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => parent.current, estimateSize: () => ROW_HEIGHT, overscan: 20 });
  return (
    <div ref={parent} className="h-full overflow-auto text-xs" role="tree" aria-label="Changed files">
      <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index]!;
          const style = { position: "absolute" as const, top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)`, paddingLeft: 8 + row.depth * 12 };
          if (row.kind === "dir") {
            return (
              <div key={item.key} style={style} className="truncate py-1 font-medium text-slate-500">
                {row.path}/
              </div>
            );
          }
          const name = row.file.path.split("/").pop();
          return (
            <button
              key={item.key}
              type="button"
              role="treeitem"
              aria-selected={row.index === current}
              style={style}
              onClick={() => onSelect(row.index)}
              className={`flex w-full items-center gap-2 py-1 pr-2 text-left hover:bg-slate-100 ${row.index === current ? "bg-indigo-50 text-indigo-900" : ""}`}
              title={row.file.path}
            >
              <span className="truncate font-mono">{name}</span>
              <span className="ml-auto shrink-0 font-mono">
                <span className="text-green-800">+{row.file.additions}</span> <span className="text-red-800">−{row.file.deletions}</span>
              </span>
            </button>
          );
        })}
      </div>
    </div>
  );
}

function treeRows(files: DiffFile[]): Row[] {
  // Byte order, the order git lists paths in.
  const order = files.map((file, index) => ({ file, index })).sort((a, b) => (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0));
  const rows: Row[] = [];
  let openDirs: string[] = [];
  for (const { file, index } of order) {
    const dirs = file.path.split("/").slice(0, -1);
    let shared = 0;
    while (shared < dirs.length && shared < openDirs.length && dirs[shared] === openDirs[shared]) shared++;
    for (let depth = shared; depth < dirs.length; depth++) rows.push({ kind: "dir", path: dirs[depth]!, depth });
    openDirs = dirs;
    rows.push({ kind: "file", file, index, depth: dirs.length });
  }
  return rows;
}
