"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { updateAgentConfigAction } from "@/app/(app)/admin/settings/actions";
import { Button } from "@/components/ui/button";
import { Field, Textarea } from "@/components/ui/field";

export interface AgentConfigFile {
  kind: string;
  label: string;
  /** Relative to the run's HOME. */
  file: string;
  content: string;
}

/** One text box per agent configuration file; an empty box writes no file. Saving replaces them all. */
export function AgentConfigForm({ repositoryId, repositoryName, files }: { repositoryId: string; repositoryName: string; files: AgentConfigFile[] }) {
  const router = useRouter();
  const [contents, setContents] = useState(() => files.map((file) => file.content));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: FormEvent) {
    event.preventDefault();
    const config: Record<string, Record<string, string>> = {};
    files.forEach(({ kind, file }, index) => {
      if (contents[index]!.trim()) config[kind] = { ...config[kind], [file]: contents[index]! };
    });
    startTransition(async () => {
      const result = await updateAgentConfigAction(repositoryId, config);
      setMessage(result.ok ? { ok: true, text: "Saved." } : { ok: false, text: Object.values(result.error.fields ?? {})[0] ?? result.error.message });
      if (result.ok) router.refresh();
    });
  }

  return (
    <form onSubmit={submit} className="space-y-3" aria-label={`Agent configuration files for ${repositoryName}`}>
      <p className="text-sm font-medium text-slate-800">{repositoryName}</p>
      {files.map(({ kind, label, file }, index) => (
        <Field key={`${kind}:${file}`} label={`${label}: ~/${file}`} htmlFor={`agent-config-${repositoryId}-${kind}`}>
          <Textarea
            id={`agent-config-${repositoryId}-${kind}`}
            rows={3}
            className="font-mono"
            value={contents[index]}
            onChange={(event) => setContents(contents.map((content, at) => (at === index ? event.target.value : content)))}
          />
        </Field>
      ))}
      {message ? <p role={message.ok ? "status" : "alert"} className={`text-xs ${message.ok ? "text-green-700" : "text-red-600"}`}>{message.text}</p> : null}
      <Button type="submit" variant="secondary" disabled={pending}>
        Save configuration files
      </Button>
    </form>
  );
}
