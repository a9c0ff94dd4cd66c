"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { updateAgentEnvAction } from "@/app/(app)/admin/settings/actions";
import { Button } from "@/components/ui/button";
import { Field, Textarea } from "@/components/ui/field";

/** Values are write-only: the form shows the names in use and replaces the whole set on save. */
export function AgentEnvForm({ repositoryId, repositoryName, names }: { repositoryId: string; repositoryName: string; names: string[] }) {
  const router = useRouter();
  const [text, setText] = useState("");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const id = `agent-env-${repositoryId}`;

  function submit(event: FormEvent) {
    event.preventDefault();
    const variables = Object.fromEntries(
      text
        .split("\n")
        .filter((line) => line.trim())
        .map((line) => {
          const at = line.indexOf("=");
          return at < 0 ? [line.trim(), ""] : [line.slice(0, at).trim(), line.slice(at + 1)];
        }),
    );
    startTransition(async () => {
      const result = await updateAgentEnvAction(repositoryId, { variables });
      setMessage(result.ok ? { ok: true, text: `Saved: ${result.data.names.join(", ") || "no variables"}.` } : { ok: false, text: result.error.message });
      if (result.ok) {
        setText("");
        router.refresh();
      }
    });
  }

  return (
    <form onSubmit={submit} className="space-y-2" aria-label={`Agent variables for ${repositoryName}`}>
      <Field
        label={`${repositoryName}: agent variables (NAME=value per line; replaces all)`}
        htmlFor={id}
        hint={names.length ? `In use: ${names.join(", ")}` : "None set."}
      >
        <Textarea id={id} rows={3} className="font-mono" value={text} onChange={(event) => setText(event.target.value)} />
      </Field>
      {message ? <p role={message.ok ? "status" : "alert"} className={`text-xs ${message.ok ? "text-green-700" : "text-red-600"}`}>{message.text}</p> : null}
      <Button type="submit" variant="secondary" disabled={pending}>
        Save variables
      </Button>
    </form>
  );
}
