"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { createTokenAction } from "@/app/(app)/settings/actions";
import { Button } from "@/components/ui/button";
import { ErrorBanner } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { DEFAULT_TOKEN_SCOPES, SCOPE_DESCRIPTIONS, type TokenScope } from "@/lib/auth/scopes";
import { NewTokenNotice, type CreatedToken } from "./new-token-notice";

/** `scopes`: those the signed-in person's role allows, offered as checkboxes (read and write ticked). */
export function CreateTokenForm({ scopes }: { scopes: TokenScope[] }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<CreatedToken | null>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const input = {
      name: String(data.get("name") ?? ""),
      scopes: data.getAll("scopes").map(String),
      expiresAt: String(data.get("expiresAt") ?? "") || null,
    };
    setError(null);
    setFieldErrors({});
    startTransition(async () => {
      const result = await createTokenAction(input);
      if (!result.ok) {
        const fields = result.error.fields ?? {};
        setFieldErrors(fields);
        setError(Object.keys(fields).length > 0 ? null : result.error.message);
        return;
      }
      setCreated({ name: result.data.name, token: result.data.token, origin: window.location.origin });
      form.reset();
      router.refresh();
    });
  }

  return (
    <div className="space-y-4">
      {created ? <NewTokenNotice created={created} onDismiss={() => setCreated(null)} /> : null}
      <form onSubmit={submit} className="space-y-4" aria-label="Create API token">
        <div className="flex flex-wrap items-start gap-3">
          <div className="min-w-64 flex-1">
            <Field label="Token name" htmlFor="token-name" error={fieldErrors.name} hint="For example: CI pipeline, openclaw">
              <Input id="token-name" name="name" required maxLength={100} invalid={!!fieldErrors.name} />
            </Field>
          </div>
          <Field label="Expires" htmlFor="token-expires" error={fieldErrors.expiresAt} hint="Empty: never">
            <Input id="token-expires" name="expiresAt" type="date" invalid={!!fieldErrors.expiresAt} />
          </Field>
        </div>
        <fieldset aria-describedby={fieldErrors.scopes ? "token-scopes-error" : undefined}>
          <legend className="text-sm font-medium text-slate-700 dark:text-slate-300">Scopes</legend>
          <ul className="mt-2 space-y-1">
            {scopes.map((scope) => (
              <li key={scope}>
                <label className="inline-flex items-start gap-2 text-sm">
                  <input type="checkbox" name="scopes" value={scope} defaultChecked={DEFAULT_TOKEN_SCOPES.includes(scope)} className="mt-1" />
                  <span>
                    <code className="font-mono text-xs">{scope}</code> — {SCOPE_DESCRIPTIONS[scope]}
                  </span>
                </label>
              </li>
            ))}
          </ul>
          {fieldErrors.scopes ? (
            <p id="token-scopes-error" role="alert" className="mt-1 text-sm text-red-700 dark:text-red-400">
              {fieldErrors.scopes}
            </p>
          ) : null}
        </fieldset>
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create token"}
        </Button>
      </form>
      <ErrorBanner message={error} />
    </div>
  );
}
