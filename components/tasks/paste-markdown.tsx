"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, ErrorBanner } from "@/components/ui/card";
import { Field, Textarea } from "@/components/ui/field";
import { AppError } from "@/lib/errors";
import { parseSpecMarkdown, type MarkdownSpec, type UnmappedLine } from "@/lib/tasks/spec-markdown";

/**
 * "Paste Markdown": a spec written in the template fills the form, and the lines nothing was taken
 * from are listed, so the writer sees what did not map before creating the task.
 */
export function PasteMarkdown({ onSpec }: { onSpec: (spec: MarkdownSpec) => void }) {
  const [open, setOpen] = useState(false);
  const [markdown, setMarkdown] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [unmapped, setUnmapped] = useState<UnmappedLine[] | null>(null);

  function fill() {
    try {
      const parsed = parseSpecMarkdown(markdown);
      onSpec(parsed.spec);
      setProblem(null);
      setUnmapped(parsed.unmapped);
      if (parsed.unmapped.length === 0) setOpen(false);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      setUnmapped(null);
      setProblem(Object.values(error.fields ?? {}).join(" ") || error.message);
    }
  }

  if (!open) {
    return (
      <div className="space-y-2">
        <Button type="button" variant="secondary" onClick={() => setOpen(true)}>
          Paste Markdown
        </Button>
        {unmapped?.length === 0 ? <p role="status" className="text-sm text-slate-600 dark:text-slate-400">Every line of the Markdown was used.</p> : null}
      </div>
    );
  }
  return (
    <Card title="Paste a spec in Markdown">
      <div className="space-y-3">
        <Field label="Markdown" htmlFor="spec-markdown" hint="## Task: <name>, then **Branch:**, **Goal:**, **Files to modify:**, **Acceptance Criteria:** and **Context:**.">
          <Textarea id="spec-markdown" rows={10} className="font-mono text-xs" value={markdown} onChange={(event) => setMarkdown(event.target.value)} />
        </Field>
        <ErrorBanner message={problem} />
        {unmapped && unmapped.length > 0 ? (
          <div role="status" className="text-sm">
            <p className="font-medium">The form is filled; these lines did not map to a field:</p>
            <ul className="mt-1 list-disc space-y-1 pl-5">
              {unmapped.map((line) => (
                <li key={line.line}>
                  Line {line.line}: <code className="break-all">{line.text}</code> — {line.reason}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <div className="flex flex-wrap gap-2">
          <Button type="button" onClick={fill} disabled={!markdown.trim()}>
            Fill the form
          </Button>
          <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
            Close
          </Button>
        </div>
      </div>
    </Card>
  );
}
