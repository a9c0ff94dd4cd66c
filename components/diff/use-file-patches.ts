"use client";

import type { DiffScope } from "@/lib/review/diff/diff-range";
import { useCallback, useEffect, useRef, useState } from "react";
import { type FileData, parseDiff } from "react-diff-view";
import { api } from "@/components/api-client";

export type PatchState = { state: "loading" } | { state: "ready"; file: FileData | null } | { state: "error"; message: string };

const BATCH = 40;

/**
 * File bodies fetched as they are needed: requests made within one frame go out together (up to 40
 * files per request), each file once.
 */
export function useFilePatches(taskId: string, scope: DiffScope) {
  const { run, since } = scope;
  const [patches, setPatches] = useState<Map<string, PatchState>>(() => new Map());
  const requested = useRef(new Set<string>());
  const queue = useRef<Array<{ path: string; oldPath?: string }>>([]);
  const timer = useRef<number | null>(null);

  useEffect(() => {
    requested.current = new Set();
    setPatches(new Map());
  }, [taskId, run, since]);

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
        const parsed = parseDiff(await api.diffPatch(taskId, query), { nearbySequences: "zip" });
        const byPath = new Map(parsed.map((file) => [file.type === "delete" ? file.oldPath : file.newPath, file]));
        setPatches((current) => {
          const next = new Map(current);
          for (const file of batch) next.set(file.path, { state: "ready", file: byPath.get(file.path) ?? null });
          return next;
        });
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
