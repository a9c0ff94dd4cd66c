"use client";

import { useRouter } from "next/navigation";
import { useMemo, useState, useTransition, type FormEvent } from "react";
import { createTaskAction } from "@/app/(app)/tasks/actions";
import { Button } from "@/components/ui/button";
import { Card, ErrorBanner } from "@/components/ui/card";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import type { FieldErrors } from "@/lib/errors";
import { defaultBranch } from "@/lib/tasks/branch";
import { renderPrompt } from "@/lib/tasks/render-prompt";
import { AgentFields } from "./agent-fields";
import { PasteMarkdown } from "./paste-markdown";
import {
  defaultCriteria,
  initialSpecFormState,
  specInput,
  withMarkdownSpec,
  type RepositoryOption,
  type SectionProps,
  type SpecFormState,
} from "./spec-form-state";

export function TaskSpecForm({
  repositories,
  canUseCommandAgent,
  detectedAgents,
}: {
  repositories: RepositoryOption[];
  canUseCommandAgent: boolean;
  /** CLI agents installed on this server, offered besides script and command. */
  detectedAgents: Array<{ kind: string; label: string; version?: string; checking?: boolean }>;
}) {
  const router = useRouter();
  const [state, setState] = useState<SpecFormState>(() => initialSpecFormState(repositories));
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const repository = repositories.find((candidate) => candidate.id === state.repositoryId);
  const update = (change: Partial<SpecFormState>) => setState((current) => ({ ...current, ...change }));

  const branch = state.branchEdited ? state.branch : (defaultBranch(state.name) ?? "");
  const prompt = useMemo(
    () =>
      renderPrompt(
        {
          name: state.name || "(name)",
          branch: branch || "feature/…",
          goal: state.goal || "(goal)",
          context: state.context,
          files: state.files.filter((file) => file.path || file.change),
          acceptanceCriteria: state.criteria
            .filter((criterion) => criterion.text)
            .map(({ text, check }) => (check ? { text, check } : { text })),
        },
        { repositoryName: repository?.name ?? "(repository)", baseBranch: repository?.baseBranch ?? "main", checks: repository?.checks ?? [] },
      ),
    [state, branch, repository],
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    setFormError(null);
    startTransition(async () => {
      const result = await createTaskAction(specInput({ ...state, branch }));
      if (result.ok) {
        router.push(`/tasks/${result.data.id}`);
        return;
      }
      const fields = result.error.fields ?? {};
      setFieldErrors(fields);
      setFormError(Object.keys(fields).length ? "Fix the highlighted fields, then create the task again." : result.error.message);
    });
  }

  if (repositories.length === 0) {
    return <ErrorBanner message="Register a repository first: a task works on one repository." />;
  }

  const error = (field: string) => fieldErrors[field];
  return (
    <form onSubmit={submit} className="grid gap-6 lg:grid-cols-2" aria-label="Task spec" noValidate>
      <div className="space-y-4">
        <ErrorBanner message={formError} />
        <PasteMarkdown onSpec={(spec) => setState((current) => withMarkdownSpec(current, spec, repository))} />
        <Card title="Task">
          <div className="space-y-4">
            <Field label="Repository" htmlFor="repositoryId" error={error("repositoryId")}>
              <Select
                id="repositoryId"
                value={state.repositoryId}
                onChange={(event) => {
                  const next = repositories.find((candidate) => candidate.id === event.target.value);
                  update({ repositoryId: event.target.value, criteria: defaultCriteria(next) });
                }}
              >
                {repositories.map((option) => (
                  <option key={option.id} value={option.id}>
                    {option.name}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Name" htmlFor="name" error={error("name")}>
              <Input id="name" value={state.name} invalid={!!error("name")} onChange={(event) => update({ name: event.target.value })} />
            </Field>
            <Field label="Branch" htmlFor="branch" error={error("branch")} hint="feature/<slug>; filled from the name until you edit it.">
              <Input
                id="branch"
                className="font-mono"
                value={branch}
                invalid={!!error("branch")}
                onChange={(event) => update({ branch: event.target.value, branchEdited: true })}
              />
            </Field>
            <Field label="Goal" htmlFor="goal" error={error("goal")}>
              <Textarea id="goal" rows={6} value={state.goal} invalid={!!error("goal")} onChange={(event) => update({ goal: event.target.value })} />
            </Field>
            <Field label="Context" htmlFor="context" error={error("context")} hint="Optional background for the agent: links, constraints, prior decisions.">
              <Textarea id="context" rows={3} value={state.context} invalid={!!error("context")} onChange={(event) => update({ context: event.target.value })} />
            </Field>
          </div>
        </Card>
        <FileList state={state} update={update} error={error} />
        <CriteriaList state={state} update={update} error={error} repository={repository} />
        <AgentFields state={state} update={update} error={error} canUseCommandAgent={canUseCommandAgent} detectedAgents={detectedAgents} />
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create task"}
        </Button>
      </div>
      <div className="self-start lg:sticky lg:top-4">
      <Card title="Prompt preview">
        <pre data-testid="prompt-preview" className="max-h-[80vh] overflow-auto whitespace-pre-wrap font-mono text-xs text-slate-700">
          {prompt}
        </pre>
      </Card>
      </div>
    </form>
  );
}


function FileList({ state, update, error }: SectionProps) {
  const setFile = (index: number, change: Partial<{ path: string; change: string }>) =>
    update({ files: state.files.map((file, at) => (at === index ? { ...file, ...change } : file)) });
  return (
    <Card
      title="Files to modify"
      actions={
        <Button type="button" variant="secondary" onClick={() => update({ files: [...state.files, { path: "", change: "" }] })}>
          Add file
        </Button>
      }
    >
      {state.files.length === 0 ? <p className="text-sm text-slate-500">None named: the agent decides.</p> : null}
      <ul className="space-y-3">
        {state.files.map((file, index) => (
          <li key={index} className="grid grid-cols-[3fr_4fr_auto] items-start gap-2">
            <Field label={`File ${index + 1} path`} htmlFor={`file-${index}-path`} error={error(`files.${index}.path`)}>
              <Input id={`file-${index}-path`} className="font-mono" value={file.path} invalid={!!error(`files.${index}.path`)} onChange={(event) => setFile(index, { path: event.target.value })} />
            </Field>
            <Field label={`File ${index + 1} change`} htmlFor={`file-${index}-change`} error={error(`files.${index}.change`)}>
              <Input id={`file-${index}-change`} value={file.change} invalid={!!error(`files.${index}.change`)} onChange={(event) => setFile(index, { change: event.target.value })} />
            </Field>
            <Button type="button" variant="ghost" className="mt-6" aria-label={`Remove file ${index + 1}`} onClick={() => update({ files: state.files.filter((_, at) => at !== index) })}>
              ✕
            </Button>
          </li>
        ))}
      </ul>
    </Card>
  );
}

function CriteriaList({ state, update, error, repository }: SectionProps & { repository?: RepositoryOption }) {
  const setCriterion = (index: number, change: Partial<{ text: string; check: string }>) =>
    update({ criteria: state.criteria.map((criterion, at) => (at === index ? { ...criterion, ...change } : criterion)) });
  return (
    <Card
      title="Acceptance criteria"
      actions={
        <Button type="button" variant="secondary" onClick={() => update({ criteria: [...state.criteria, { text: "", check: "" }] })}>
          Add criterion
        </Button>
      }
    >
      <ul className="space-y-3">
        {state.criteria.map((criterion, index) => (
          <li key={index} className="grid grid-cols-[2fr_1fr_auto] items-start gap-2">
            <Field label={`Criterion ${index + 1}`} htmlFor={`criterion-${index}`} error={error(`acceptanceCriteria.${index}.text`)}>
              <Input id={`criterion-${index}`} value={criterion.text} onChange={(event) => setCriterion(index, { text: event.target.value })} />
            </Field>
            <Field label="Proved by check" htmlFor={`criterion-${index}-check`} error={error(`acceptanceCriteria.${index}.check`)}>
              <Select id={`criterion-${index}-check`} value={criterion.check} onChange={(event) => setCriterion(index, { check: event.target.value })}>
                <option value="">(none)</option>
                {repository?.checks.map((check) => (
                  <option key={check.name} value={check.name}>
                    {check.name}
                  </option>
                ))}
              </Select>
            </Field>
            <Button type="button" variant="ghost" className="mt-6" aria-label={`Remove criterion ${index + 1}`} onClick={() => update({ criteria: state.criteria.filter((_, at) => at !== index) })}>
              ✕
            </Button>
          </li>
        ))}
      </ul>
    </Card>
  );
}
