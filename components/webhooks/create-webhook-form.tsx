"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { createWebhookAction } from "@/app/(app)/settings/webhooks/actions";
import { CopyButton } from "@/components/settings/copy-button";
import { Button } from "@/components/ui/button";
import { ErrorBanner } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { WEBHOOK_EVENT_DESCRIPTIONS, WEBHOOK_EVENTS } from "@/lib/webhooks/events";

/** `installationWide`: whether the person may subscribe to every repository (admins). */
export function CreateWebhookForm({ repositories, installationWide }: { repositories: Array<{ id: string; name: string }>; installationWide: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [format, setFormat] = useState("standard");
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const input = {
      url: String(data.get("url") ?? "").trim(),
      events: data.getAll("events").map(String),
      repositoryId: String(data.get("repositoryId") ?? "") || null,
      format,
      token: String(data.get("token") ?? "").trim() || undefined,
    };
    setError(null);
    setFieldErrors({});
    startTransition(async () => {
      const result = await createWebhookAction(input);
      if (!result.ok) {
        const fields = result.error.fields ?? {};
        setFieldErrors(fields);
        setError(Object.keys(fields).length > 0 ? null : result.error.message);
        return;
      }
      setCreated({ url: result.data.url, secret: result.data.secret });
      form.reset();
      setFormat("standard");
      router.refresh();
    });
  }

  return (
    <div className="space-y-4">
      {created ? (
        <div role="status" data-testid="new-webhook-secret" className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950">
          <p className="font-semibold">Webhook to {created.url} created</p>
          <p>Its signing secret, to verify the webhook-signature header with any Standard Webhooks library. Copy it now: it will not be shown again.</p>
          <div className="flex flex-wrap items-center gap-2">
            <Input readOnly aria-label="Signing secret" value={created.secret} className="min-w-0 flex-1 font-mono" onFocus={(event) => event.currentTarget.select()} />
            <CopyButton text={created.secret} label="Copy secret" />
            <Button type="button" variant="secondary" onClick={() => setCreated(null)}>
              Done
            </Button>
          </div>
        </div>
      ) : null}
      <form onSubmit={submit} className="space-y-4" aria-label="Add webhook">
        <div className="flex flex-wrap items-start gap-3">
          <div className="min-w-64 flex-1">
            <Field label={format === "openclaw" ? "OpenClaw gateway URL" : "Payload URL"} htmlFor="webhook-url" error={fieldErrors.url} hint={format === "openclaw" ? "Posted to its /hooks/agent, e.g. http://gateway:18789" : "Receives a signed POST per event"}>
              <Input id="webhook-url" name="url" type="url" required maxLength={2000} placeholder="https://example.com/hooks/code-orchestrator" invalid={!!fieldErrors.url} />
            </Field>
          </div>
          <Field label="Format" htmlFor="webhook-format" error={fieldErrors.format}>
            <Select id="webhook-format" name="format" value={format} onChange={(event) => setFormat(event.target.value)}>
              <option value="standard">Standard Webhooks (JSON)</option>
              <option value="openclaw">OpenClaw gateway (agent hook)</option>
            </Select>
          </Field>
        </div>
        <div className="flex flex-wrap items-start gap-3">
          <Field label="Repository" htmlFor="webhook-repository" error={fieldErrors.repositoryId} hint={installationWide ? undefined : "Subscribing to every repository is for admins"}>
            <Select id="webhook-repository" name="repositoryId" defaultValue={installationWide ? "" : repositories[0]?.id}>
              {installationWide ? <option value="">Every repository</option> : null}
              {repositories.map((repository) => (
                <option key={repository.id} value={repository.id}>
                  {repository.name}
                </option>
              ))}
            </Select>
          </Field>
          <div className="min-w-64 flex-1">
            <Field label="Bearer token" htmlFor="webhook-token" error={fieldErrors.token} hint={format === "openclaw" ? "The gateway's hooks.token (required)" : "Optional: sent as Authorization: Bearer"}>
              <Input id="webhook-token" name="token" type="password" autoComplete="off" maxLength={500} required={format === "openclaw"} invalid={!!fieldErrors.token} />
            </Field>
          </div>
        </div>
        <fieldset aria-describedby={fieldErrors.events ? "webhook-events-error" : undefined}>
          <legend className="text-sm font-medium text-slate-700">Events</legend>
          <ul className="mt-2 grid gap-1 sm:grid-cols-2">
            {WEBHOOK_EVENTS.map((event) => (
              <li key={event}>
                <label className="inline-flex items-start gap-2 text-sm">
                  <input type="checkbox" name="events" value={event} defaultChecked={event !== "budget.exceeded"} className="mt-1" />
                  <span>
                    <code className="font-mono text-xs">{event}</code> — {WEBHOOK_EVENT_DESCRIPTIONS[event]}
                  </span>
                </label>
              </li>
            ))}
          </ul>
          {fieldErrors.events ? (
            <p id="webhook-events-error" role="alert" className="mt-1 text-sm text-red-700">
              {fieldErrors.events}
            </p>
          ) : null}
        </fieldset>
        <Button type="submit" disabled={pending}>
          {pending ? "Adding…" : "Add webhook"}
        </Button>
      </form>
      <ErrorBanner message={error} />
    </div>
  );
}
