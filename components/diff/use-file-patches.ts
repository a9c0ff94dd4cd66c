"use client";

import type { DiffScope } from "@/lib/review/diff/diff-range";
import type { OpeningPatch } from "@/lib/review/diff/task-diff";
import { useCallback, useEffect, useRef, useState } from "react";
import { type FileData, parseDiff } from "react-diff-view";
import { api } from "@/components/api-client";

export type PatchState = { state: "loading" } | { state: "ready"; file: FileData | null } | { state: "error"; message: string };

const BATCH = 40;

function patchesOf(paths: string[], text: string): Map<string, PatchState> {
  const parsed = parseDiff(text, { nearbySequences: "zip" });
  const byPath = new Map(parsed.map((file) => [file.type === "delete" ? file.oldPath : file.newPath, file]));
  return new Map(paths.map((path) => [path, { state: "ready", file: byPath.get(path) ?? null }]));
}

/**
 * File bodies fetched as they are needed: requests made within one frame go out together (up to 40
 * files per request), each file once, and again for another range (scope or head). The first files'
 * patch may come with the page (`opening`).
 */
export function useFilePatches(taskId: string, scope: DiffScope, head: string, opening: OpeningPatch | null) {
  const { run, since } = scope;
  const [patches, setPatches] = useState<Map<string, PatchState>>(() => (opening ? patchesOf(opening.paths, opening.text) : new Map()));
  const requested = useRef(new Set<string>(opening?.paths));
  const queue = useRef<Array<{ path: string; oldPath?: string }>>([]);
  const timer = useRef<number | null>(null);
  const range = `${taskId} ${run} ${since} ${head}`;
  const shownRange = useRef(range);
  const latestOpening = useRef(opening);
  latestOpening.current = opening;

  useEffect(() => {
    if (shownRange.current === range) return;
    shownRange.current = range;
    const seed = latestOpening.current;
    requested.current = new Set(seed?.paths);
    setPatches(seed ? patchesOf(seed.paths, seed.text) : new Map());
  }, [range]);

  const flush = useCallback(async () => {
    timer.current = null;
    while (queue.current.length > 0) {
      const batch = queue.current.splice(0, BATCH);
      const query = new URLSearchParams(run ? { run } : since ? { since } : {});
      for (const file of batch) {
        query.append("path", file.path);
        if (file.oldPath) query.append("path", file.oldPath);
      }
      try {
        const fetched = patchesOf(batch.map((file) => file.path), await api.diffPatch(taskId, query));
        setPatches((current) => new Map([...current, ...fetched]));
      } catch (error) {
        setPatches((current) => {
          const next = new Map(current);
          for (const file of batch) next.set(file.path, { state: "error", message: (error as Error).message });
          return next;
        });
      }
    }
  }, [taskId, run, since]);

  const request = useCallback(
    (file: { path: string; oldPath?: string }) => {
      if (requested.current.has(file.path)) return;
      requested.current.add(file.path);
      queue.current.push(file);
      setPatches((current) => new Map(current).set(file.path, { state: "loading" }));
      timer.current ??= window.requestAnimationFrame(() => void flush());
    },
    [flush],
  );

  return { patches, request };
}
