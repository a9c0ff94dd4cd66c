"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { createTokenAction } from "@/app/(app)/settings/actions";
import { Button } from "@/components/ui/button";
import { ErrorBanner } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { NewTokenNotice, type CreatedToken } from "./new-token-notice";

export function CreateTokenForm() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [nameError, setNameError] = useState<string | undefined>();
  const [created, setCreated] = useState<CreatedToken | null>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get("name") ?? "");
    setError(null);
    setNameError(undefined);
    startTransition(async () => {
      const result = await createTokenAction({ name });
      if (!result.ok) {
        const fieldMessage = result.error.fields?.name;
        setNameError(fieldMessage);
        setError(fieldMessage ? null : result.error.message);
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
      <form onSubmit={submit} className="flex flex-wrap items-start gap-3" aria-label="Create API token">
        <div className="min-w-64 flex-1">
          <Field label="Token name" htmlFor="token-name" error={nameError} hint="For example: CI pipeline, my laptop">
            <Input
              id="token-name"
              name="name"
              required
              maxLength={100}
              invalid={!!nameError}
              aria-describedby={nameError ? "token-name-error" : undefined}
            />
          </Field>
        </div>
        <Button type="submit" disabled={pending} className="mt-6">
          {pending ? "Creating…" : "Create token"}
        </Button>
      </form>
      <ErrorBanner message={error} />
    </div>
  );
}
