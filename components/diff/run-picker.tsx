"use client";

import { useRouter } from "next/navigation";
import { Select } from "@/components/ui/field";

/** The whole branch, or the changes of one run. */
export function RunPicker({ taskId, runId, runs }: { taskId: string; runId: string | null; runs: Array<{ id: string; number: number }> }) {
  const router = useRouter();
  return (
    <Select
      aria-label="Changes of"
      className="w-auto"
      value={runId ?? ""}
      onChange={(event) => router.push(`/tasks/${taskId}/diff${event.target.value ? `?run=${encodeURIComponent(event.target.value)}` : ""}`)}
    >
      <option value="">Whole branch</option>
      {runs.map((run) => (
        <option key={run.id} value={run.id}>
          Run #{run.number}
        </option>
      ))}
    </Select>
  );
}
