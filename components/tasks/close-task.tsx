"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { closeTaskAction, reopenTaskAction } from "@/app/(app)/tasks/[id]/task-actions";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";

/** Close an open task with a reason, or reopen a closed one. */
export function CloseTask({ taskId, closed }: { taskId: string; closed: boolean }) {
  const router = useRouter();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function run(action: () => ReturnType<typeof reopenTaskAction>) {
    setError(null);
    startTransition(async () => {
      const result = await action();
      if (!result.ok) setError(result.error.fields?.reason ?? result.error.message);
      else {
        setAsking(false);
        setReason("");
        router.refresh();
      }
    });
  }

  if (closed) {
    return (
      <span className="flex flex-wrap items-center gap-2">
        <Button type="button" variant="secondary" disabled={pending} onClick={() => run(() => reopenTaskAction(taskId))}>
          Reopen task
        </Button>
        {error ? <span role="alert" className="text-sm text-red-600">{error}</span> : null}
      </span>
    );
  }
  if (!asking) {
    return (
      <Button type="button" variant="ghost" onClick={() => setAsking(true)}>
        Close task…
      </Button>
    );
  }
  return (
    <form
      className="flex flex-wrap items-center gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        run(() => closeTaskAction(taskId, { reason }));
      }}
    >
      <Input aria-label="Why close it?" placeholder="Why close it?" value={reason} autoFocus onChange={(event) => setReason(event.target.value)} className="w-64 max-w-full" />
      <Button type="submit" variant="secondary" disabled={pending}>
        Close task
      </Button>
      <Button type="button" variant="ghost" onClick={() => setAsking(false)}>
        Cancel
      </Button>
      {error ? <span role="alert" className="text-sm text-red-600">{error}</span> : null}
    </form>
  );
}
