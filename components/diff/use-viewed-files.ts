"use client";

import { useCallback, useEffect, useState } from "react";
import type { DiffFile } from "@/lib/review/diff/diff-files";

/**
 * Files marked viewed, kept in this browser per task as path → the file's blob when it was marked: a
 * reload keeps the marks, and a new head that changes a file (another blob) clears its mark.
 */
export function useViewedFiles(taskId: string) {
  const key = `viewed-files:${taskId}`;
  const [marks, setMarks] = useState<Record<string, string>>({});
  useEffect(() => {
    try {
      setMarks(JSON.parse(window.localStorage.getItem(key) ?? "{}") as Record<string, string>);
    } catch {
      setMarks({});
    }
  }, [key]);
  const isViewed = useCallback((file: DiffFile) => marks[file.path] === file.blob, [marks]);
  const setViewed = useCallback(
    (file: DiffFile, viewed: boolean) => {
      setMarks((current) => {
        const next = { ...current };
        if (viewed) next[file.path] = file.blob;
        else delete next[file.path];
        window.localStorage.setItem(key, JSON.stringify(next));
        return next;
      });
    },
    [key],
  );
  return { isViewed, setViewed };
}
