"use client";

import { useState, useTransition } from "react";
import { createDemoAction } from "@/app/(app)/demo-actions";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

/** The empty installation's way in: a sample repository and task that go from spec to merge. */
export function TryDemo() {
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <Card title="New here? Try a demo">
      <div className="space-y-3 text-sm text-slate-700">
        <p>
          Creates a small TypeScript package with test, type check and build checks, and a task whose script agent adds a function to it.
          Watch the run, see the checks go green, read the diff, approve it yourself (the demo allows self-approval) and merge, in a couple of
          minutes.
        </p>
        <Button
          type="button"
          disabled={pending}
          onClick={() =>
            startTransition(async () => {
              const result = await createDemoAction();
              if (result && !result.ok) setError(result.error.message);
            })
          }
        >
          {pending ? "Setting up the demo…" : "Try a demo"}
        </Button>
        {error ? (
          <p role="alert" className="text-red-600">
            {error}
          </p>
        ) : null}
      </div>
    </Card>
  );
}
