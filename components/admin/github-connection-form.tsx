"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { updateGithubConnectionAction } from "@/app/(app)/admin/settings/actions";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";

export interface GithubConnectionValues {
  owner: string;
  repo: string;
  apiUrl: string;
  tokenSet: boolean;
  openDraftPullRequest: boolean;
}

/** One repository's GitHub connection; the token is write-only (blank keeps the stored one). */
export function GithubConnectionForm({ repositoryId, repositoryName, initial }: { repositoryId: string; repositoryName: string; initial: GithubConnectionValues }) {
  const router = useRouter();
  const [values, setValues] = useState({ ...initial, token: "" });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const update = (change: Partial<typeof values>) => setValues((current) => ({ ...current, ...change }));
  const id = (field: string) => `github-${repositoryId}-${field}`;

  function save(input: unknown) {
    startTransition(async () => {
      const result = await updateGithubConnectionAction(repositoryId, input);
      setMessage(result.ok ? { ok: true, text: "Saved." } : { ok: false, text: result.error.message });
      if (result.ok) {
        update({ token: "" });
        router.refresh();
      }
    });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    save({
      owner: values.owner,
      repo: values.repo,
      ...(values.token.trim() ? { token: values.token.trim() } : {}),
      apiUrl: values.apiUrl.trim() ? values.apiUrl.trim() : null,
      openDraftPullRequest: values.openDraftPullRequest,
    });
  }

  return (
    <form onSubmit={submit} className="space-y-2" aria-label={`GitHub connection of ${repositoryName}`}>
      <h3 className="text-sm font-semibold">{repositoryName}</h3>
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        <Field label="Owner" htmlFor={id("owner")}>
          <Input id={id("owner")} value={values.owner} onChange={(event) => update({ owner: event.target.value })} />
        </Field>
        <Field label="Repository" htmlFor={id("repo")}>
          <Input id={id("repo")} value={values.repo} onChange={(event) => update({ repo: event.target.value })} />
        </Field>
        <Field label={initial.tokenSet ? "Token (set; blank keeps it)" : "Token"} htmlFor={id("token")}>
          <Input id={id("token")} type="password" autoComplete="off" value={values.token} onChange={(event) => update({ token: event.target.value })} />
        </Field>
        <Field label="API URL (GitHub Enterprise)" htmlFor={id("api")}>
          <Input id={id("api")} placeholder="https://api.github.com" value={values.apiUrl} onChange={(event) => update({ apiUrl: event.target.value })} />
        </Field>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={values.openDraftPullRequest} onChange={(event) => update({ openDraftPullRequest: event.target.checked })} />
        Open a draft pull request when a run first pushes the branch
      </label>
      <div className="flex items-center gap-2">
        <Button type="submit" variant="secondary" disabled={pending}>
          Save GitHub connection
        </Button>
        {initial.owner ? (
          <Button type="button" variant="ghost" disabled={pending} onClick={() => save(null)}>
            Disconnect
          </Button>
        ) : null}
        {message ? (
          <span role={message.ok ? "status" : "alert"} className={`text-sm ${message.ok ? "text-green-700" : "text-red-600"}`}>
            {message.text}
          </span>
        ) : null}
      </div>
    </form>
  );
}
