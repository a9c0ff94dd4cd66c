"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { updateSettingsAction } from "@/app/(app)/admin/settings/actions";
import { Button } from "@/components/ui/button";
import { ErrorBanner } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";

const GB = 1024 ** 3;

export function SettingsForm({ initial, sandbox }: { initial: { globalConcurrency: number; checkConcurrency: number; requireSandbox: boolean; runDiskLimitBytes: number; allowPrivateWebhookTargets: boolean; userDailyBudgetUsd: number | null }; sandbox: string }) {
  const router = useRouter();
  const [concurrency, setConcurrency] = useState(String(initial.globalConcurrency));
  const [checkConcurrency, setCheckConcurrency] = useState(String(initial.checkConcurrency));
  const [requireSandbox, setRequireSandbox] = useState(initial.requireSandbox);
  const [allowPrivateWebhooks, setAllowPrivateWebhooks] = useState(initial.allowPrivateWebhookTargets);
  const [diskLimitGb, setDiskLimitGb] = useState(String(initial.runDiskLimitBytes / GB));
  const [dailyBudget, setDailyBudget] = useState(initial.userDailyBudgetUsd === null ? "" : String(initial.userDailyBudgetUsd));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: FormEvent) {
    event.preventDefault();
    startTransition(async () => {
      const result = await updateSettingsAction({
        globalConcurrency: Number(concurrency),
        checkConcurrency: Number(checkConcurrency),
        requireSandbox,
        runDiskLimitBytes: Math.round(Number(diskLimitGb) * GB),
        allowPrivateWebhookTargets: allowPrivateWebhooks,
        // Empty means no limit; anything else goes as typed, for the server to refuse if it is not a number.
        userDailyBudgetUsd: dailyBudget.trim() === "" ? null : Number.isNaN(Number(dailyBudget)) ? (dailyBudget as unknown as number) : Number(dailyBudget),
      });
      setMessage(result.ok ? { ok: true, text: "Saved." } : { ok: false, text: result.error.message });
      if (result.ok) router.refresh();
    });
  }

  return (
    <form onSubmit={submit} className="space-y-4" aria-label="Settings">
      {message && !message.ok ? <ErrorBanner message={message.text} /> : null}
      {message?.ok ? <p role="status" className="text-sm text-green-700">{message.text}</p> : null}
      <Field label="Runs at once, across all repositories" htmlFor="global-concurrency" hint="1 to 64.">
        <Input id="global-concurrency" inputMode="numeric" className="w-24" value={concurrency} onChange={(event) => setConcurrency(event.target.value)} />
      </Field>
      <Field label="Checks at once, across all repositories" htmlFor="check-concurrency" hint="1 to 64.">
        <Input id="check-concurrency" inputMode="numeric" className="w-24" value={checkConcurrency} onChange={(event) => setCheckConcurrency(event.target.value)} />
      </Field>
      <Field label="Disk per run, in GB" htmlFor="run-disk-limit" hint="A run whose workspace grows past it is stopped and fails with “disk limit”.">
        <Input id="run-disk-limit" inputMode="decimal" className="w-24" value={diskLimitGb} onChange={(event) => setDiskLimitGb(event.target.value)} />
      </Field>
      <Field label="Daily budget per person, USD (optional)" htmlFor="user-daily-budget" hint="What the runs one person asks for may cost per day (UTC); past it their next run is refused. Empty: no limit.">
        <Input id="user-daily-budget" inputMode="decimal" className="w-32" value={dailyBudget} onChange={(event) => setDailyBudget(event.target.value)} />
      </Field>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={requireSandbox} onChange={(event) => setRequireSandbox(event.target.checked)} />
        Require a sandbox: refuse to start runs and checks on a worker without bubblewrap (this server: sandbox: {sandbox})
      </label>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={allowPrivateWebhooks} onChange={(event) => setAllowPrivateWebhooks(event.target.checked)} />
        Allow webhooks to private and loopback addresses (a receiver inside this network; link-local, metadata and this server stay refused)
      </label>
      <Button type="submit" disabled={pending}>
        Save settings
      </Button>
    </form>
  );
}
