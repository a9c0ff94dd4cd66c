"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/http/action-result";
import { Button } from "./button";

/**
 * A button running one server action: busy while it runs, the refusal's message under it, and the
 * page refreshed (or left for `then`) once it succeeded.
 */
export function ActionButton({
  label,
  busyLabel,
  title,
  variant = "secondary",
  act,
  then,
}: {
  label: string;
  busyLabel: string;
  title: string;
  variant?: "secondary" | "danger";
  act: () => Promise<ActionResult<unknown>>;
  then?: string;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  function run() {
    setError(null);
    startTransition(async () => {
      const result = await act();
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
      if (then) router.push(then);
      router.refresh();
    });
  }

  return (
    <div className="flex flex-col items-start gap-1">
      <Button type="button" variant={variant} onClick={run} disabled={pending} title={title}>
        {pending ? busyLabel : label}
      </Button>
      {error ? (
        <p role="alert" className="text-xs text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}
