"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { createRepositoryAction, updateRepositoryAction } from "@/app/(app)/repositories/actions";
import { Button } from "@/components/ui/button";
import { Card, ErrorBanner } from "@/components/ui/card";
import { Field, Input, Select, Textarea } from "@/components/ui/field";

type NetworkPolicy = "off" | "allowlist" | "full";

const NETWORK_POLICIES: { value: NetworkPolicy; label: string }[] = [
  { value: "allowlist", label: "Allowed hosts only" },
  { value: "off", label: "Off (loopback only)" },
  { value: "full", label: "Full network" },
];
import type { FieldErrors } from "@/lib/errors";

export interface RepositoryFormValues {
  name: string;
  upstream: string;
  baseBranch: string;
  setupCommand: string;
  agentNetwork: NetworkPolicy;
  checkNetwork: NetworkPolicy;
  /** One per line. */
  allowedHosts: string;
  maxConcurrentRuns: string;
  taskBudgetUsd: string;
  monthlyBudgetUsd: string;
  requiredApprovals: string;
  allowSelfApproval: boolean;
  requireUpToDate: boolean;
  deleteBranchOnMerge: boolean;
  checks: Array<{ name: string; command: string; required: boolean; timeoutSeconds: string; junitPath: string }>;
}

export const EMPTY_REPOSITORY: RepositoryFormValues = {
  name: "",
  upstream: "",
  baseBranch: "main",
  setupCommand: "",
  agentNetwork: "allowlist",
  checkNetwork: "full",
  allowedHosts: "",
  maxConcurrentRuns: "2",
  taskBudgetUsd: "",
  monthlyBudgetUsd: "",
  requiredApprovals: "1",
  allowSelfApproval: false,
  requireUpToDate: false,
  deleteBranchOnMerge: true,
  checks: [],
};

export function RepositoryForm({ repositoryId, initial }: { repositoryId?: string; initial: RepositoryFormValues }) {
  const router = useRouter();
  const [values, setValues] = useState(initial);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [pending, startTransition] = useTransition();
  const update = (change: Partial<RepositoryFormValues>) => setValues((current) => ({ ...current, ...change }));
  const setCheck = (index: number, change: Partial<RepositoryFormValues["checks"][number]>) =>
    update({ checks: values.checks.map((check, at) => (at === index ? { ...check, ...change } : check)) });
  const error = (field: string) => fieldErrors[field];
  // One line's problem (allowedHosts.1) shows under the whole list.
  const allowedHostsError = error("allowedHosts") ?? Object.entries(fieldErrors).find(([field]) => field.startsWith("allowedHosts."))?.[1];

  function submit(event: FormEvent) {
    event.preventDefault();
    setFormError(null);
    setSaved(false);
    const { setupCommand, maxConcurrentRuns, requiredApprovals, taskBudgetUsd, monthlyBudgetUsd, checks, allowedHosts, ...rest } = values;
    // Empty means no limit; anything else goes as typed (a number, or the text for the server to refuse).
    const dollars = (text: string) => (text.trim() === "" ? null : Number.isNaN(Number(text)) ? text : Number(text));
    const concurrency = Number(maxConcurrentRuns);
    const input = {
      ...rest,
      checks: checks.map(({ timeoutSeconds, junitPath, ...check }) => ({
        ...check,
        ...(timeoutSeconds.trim() ? { timeoutSeconds: Number.isNaN(Number(timeoutSeconds)) ? timeoutSeconds : Number(timeoutSeconds) } : {}),
        ...(junitPath.trim() ? { junitPath } : {}),
      })),
      maxConcurrentRuns: maxConcurrentRuns.trim() && !Number.isNaN(concurrency) ? concurrency : maxConcurrentRuns,
      requiredApprovals: requiredApprovals.trim() && !Number.isNaN(Number(requiredApprovals)) ? Number(requiredApprovals) : requiredApprovals,
      allowedHosts: allowedHosts.split(/[\s,]+/).filter(Boolean),
      taskBudgetUsd: dollars(taskBudgetUsd),
      monthlyBudgetUsd: dollars(monthlyBudgetUsd),
      setupCommand: setupCommand.trim() ? setupCommand : null,
    };
    startTransition(async () => {
      const result = repositoryId ? await updateRepositoryAction(repositoryId, input) : await createRepositoryAction(input);
      if (!result.ok) {
        const fields = result.error.fields ?? {};
        setFieldErrors(fields);
        setFormError(Object.keys(fields).length ? "Fix the highlighted fields, then save again." : result.error.message);
        return;
      }
      setFieldErrors({});
      if (repositoryId) {
        setSaved(true);
        router.refresh();
      } else {
        router.push(`/repositories/${result.data.id}?registered=1`);
      }
    });
  }

  return (
    <form onSubmit={submit} className="max-w-3xl space-y-4" aria-label="Repository" noValidate>
      <ErrorBanner message={formError} />
      {saved ? <p role="status" className="text-sm text-green-700">Saved.</p> : null}
      <Card title="Repository">
        <div className="space-y-4">
          <Field label="Name" htmlFor="repo-name" error={error("name")}>
            <Input id="repo-name" value={values.name} invalid={!!error("name")} onChange={(event) => update({ name: event.target.value })} />
          </Field>
          <Field label="Upstream" htmlFor="repo-upstream" error={error("upstream")} hint="A git URL or an absolute path git can fetch from and push to (e.g. a bare repository).">
            <Input id="repo-upstream" className="font-mono" value={values.upstream} invalid={!!error("upstream")} onChange={(event) => update({ upstream: event.target.value })} />
          </Field>
          <Field label="Base branch" htmlFor="repo-base" error={error("baseBranch")}>
            <Input id="repo-base" className="font-mono" value={values.baseBranch} invalid={!!error("baseBranch")} onChange={(event) => update({ baseBranch: event.target.value })} />
          </Field>
          <Field label="Setup command (optional)" htmlFor="repo-setup" error={error("setupCommand")} hint="Runs before the checks, e.g. npm ci.">
            <Input id="repo-setup" className="font-mono" value={values.setupCommand} onChange={(event) => update({ setupCommand: event.target.value })} />
          </Field>
          <Field label="Concurrent runs" htmlFor="repo-concurrency" error={error("maxConcurrentRuns")} hint="How many agent runs of this repository may run at once (1 to 32).">
            <Input id="repo-concurrency" inputMode="numeric" className="w-24" value={values.maxConcurrentRuns} invalid={!!error("maxConcurrentRuns")} onChange={(event) => update({ maxConcurrentRuns: event.target.value })} />
          </Field>
          <Field label="Task budget, USD (optional)" htmlFor="repo-task-budget" error={error("taskBudgetUsd")} hint="What a new task's runs may cost when its spec names no budget. Empty: no limit.">
            <Input id="repo-task-budget" inputMode="decimal" className="w-32" value={values.taskBudgetUsd} invalid={!!error("taskBudgetUsd")} onChange={(event) => update({ taskBudgetUsd: event.target.value })} />
          </Field>
          <Field label="Monthly budget, USD (optional)" htmlFor="repo-monthly-budget" error={error("monthlyBudgetUsd")} hint="What this repository's runs may cost in a calendar month (UTC); a run past it is refused. Empty: no limit.">
            <Input id="repo-monthly-budget" inputMode="decimal" className="w-32" value={values.monthlyBudgetUsd} invalid={!!error("monthlyBudgetUsd")} onChange={(event) => update({ monthlyBudgetUsd: event.target.value })} />
          </Field>
          <div className="flex flex-wrap gap-4">
            <NetworkPolicyField label="Agent network" id="repo-agent-network" error={error("agentNetwork")} value={values.agentNetwork} onChange={(agentNetwork) => update({ agentNetwork })} />
            <NetworkPolicyField label="Check network" id="repo-check-network" error={error("checkNetwork")} value={values.checkNetwork} onChange={(checkNetwork) => update({ checkNetwork })} />
          </div>
          <Field
            label="Allowed hosts"
            htmlFor="repo-allowed-hosts"
            error={allowedHostsError}
            hint="Under “Allowed hosts only”, one per line: host or *.domain (ports 80 and 443), host:port, or an IP address. Agents also reach their own model API (api.anthropic.com for Claude Code, …). Anything else is refused and logged."
          >
            <Textarea
              id="repo-allowed-hosts"
              rows={3}
              className="font-mono"
              invalid={!!allowedHostsError}
              placeholder={"registry.npmjs.org\n*.githubusercontent.com"}
              value={values.allowedHosts}
              onChange={(event) => update({ allowedHosts: event.target.value })}
            />
          </Field>
        </div>
      </Card>
      <Card title="Review and merge">
        <div className="space-y-4">
          <Field label="Required approvals" htmlFor="repo-approvals" error={error("requiredApprovals")} hint="Approvals on the head from maintainers or admins (0 to 10).">
            <Input id="repo-approvals" inputMode="numeric" className="w-24" value={values.requiredApprovals} invalid={!!error("requiredApprovals")} onChange={(event) => update({ requiredApprovals: event.target.value })} />
          </Field>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={values.allowSelfApproval} onChange={(event) => update({ allowSelfApproval: event.target.checked })} />
            A task&apos;s author may approve it
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={values.requireUpToDate} onChange={(event) => update({ requireUpToDate: event.target.checked })} />
            Merge only branches that contain the base branch&apos;s head
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={values.deleteBranchOnMerge} onChange={(event) => update({ deleteBranchOnMerge: event.target.checked })} />
            Delete the feature branch upstream after the merge
          </label>
        </div>
      </Card>
      <Card
        title="Check commands"
        actions={
          <Button type="button" variant="secondary" onClick={() => update({ checks: [...values.checks, { name: "", command: "", required: true, timeoutSeconds: "900", junitPath: "" }] })}>
            Add check
          </Button>
        }
      >
        {error("checks") ? <p role="alert" className="mb-2 text-xs text-red-600">{error("checks")}</p> : null}
        {values.checks.length === 0 ? <p className="text-sm text-slate-500">No checks: add e.g. typecheck → npm run typecheck.</p> : null}
        <ul className="space-y-3">
          {values.checks.map((check, index) => (
            <li key={index} className="grid grid-cols-1 items-start gap-2 sm:grid-cols-2 lg:grid-cols-[1fr_2fr_auto_auto_1.5fr_auto]">
              <Field label={`Check ${index + 1} name`} htmlFor={`check-${index}-name`} error={error(`checks.${index}.name`)}>
                <Input id={`check-${index}-name`} value={check.name} invalid={!!error(`checks.${index}.name`)} onChange={(event) => setCheck(index, { name: event.target.value })} />
              </Field>
              <Field label={`Check ${index + 1} command`} htmlFor={`check-${index}-command`} error={error(`checks.${index}.command`)}>
                <Input id={`check-${index}-command`} className="font-mono" value={check.command} invalid={!!error(`checks.${index}.command`)} onChange={(event) => setCheck(index, { command: event.target.value })} />
              </Field>
              <label className="flex items-center gap-1 text-sm lg:mt-7">
                <input type="checkbox" checked={check.required} onChange={(event) => setCheck(index, { required: event.target.checked })} />
                required
              </label>
              <Field label="Timeout (s)" htmlFor={`check-${index}-timeout`} error={error(`checks.${index}.timeoutSeconds`)}>
                <Input id={`check-${index}-timeout`} inputMode="numeric" className="w-24" value={check.timeoutSeconds} invalid={!!error(`checks.${index}.timeoutSeconds`)} onChange={(event) => setCheck(index, { timeoutSeconds: event.target.value })} />
              </Field>
              <Field label="JUnit report (optional)" htmlFor={`check-${index}-junit`} error={error(`checks.${index}.junitPath`)}>
                <Input id={`check-${index}-junit`} className="font-mono" placeholder="reports/junit.xml" value={check.junitPath} invalid={!!error(`checks.${index}.junitPath`)} onChange={(event) => setCheck(index, { junitPath: event.target.value })} />
              </Field>
              <Button type="button" variant="ghost" className="justify-self-start lg:mt-6" aria-label={`Remove check ${index + 1}`} onClick={() => update({ checks: values.checks.filter((_, at) => at !== index) })}>
                ✕
              </Button>
            </li>
          ))}
        </ul>
      </Card>
      <Button type="submit" disabled={pending}>
        {pending ? "Checking the upstream…" : repositoryId ? "Save repository" : "Register repository"}
      </Button>
    </form>
  );
}

function NetworkPolicyField({ label, id, error, value, onChange }: { label: string; id: string; error?: string; value: NetworkPolicy; onChange(policy: NetworkPolicy): void }) {
  return (
    <Field label={label} htmlFor={id} error={error}>
      <Select id={id} value={value} onChange={(event) => onChange(event.target.value as NetworkPolicy)}>
        {NETWORK_POLICIES.map((policy) => (
          <option key={policy.value} value={policy.value}>
            {policy.label}
          </option>
        ))}
      </Select>
    </Field>
  );
}
