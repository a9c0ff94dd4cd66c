import { AGENT_MODE_FIELDS } from "@/lib/agents/cli-agent-schemas";
import { checkForCriterion } from "@/lib/tasks/criterion-check";
import type { MarkdownSpec } from "@/lib/tasks/spec-markdown";
import { DEFAULT_ACCEPTANCE_CRITERIA, DEFAULT_TIMEOUT_SECONDS } from "@/lib/tasks/spec-schema";

export interface RepositoryOption {
  id: string;
  name: string;
  baseBranch: string;
  checks: Array<{ name: string; command: string }>;
}

export interface SpecFormState {
  repositoryId: string;
  name: string;
  branch: string;
  branchEdited: boolean;
  goal: string;
  context: string;
  files: Array<{ path: string; change: string }>;
  criteria: Array<{ text: string; check: string }>;
  agentKind: string;
  script: string;
  argv: string;
  /** The CLI agent's mode option (permission, sandbox or approval mode) and model, where it has them. */
  agentMode: string;
  model: string;
  timeoutSeconds: string;
  autoFixAttempts: string;
  /** Empty: the repository's task budget. */
  budgetUsd: string;
}

export function defaultCriteria(repository: RepositoryOption | undefined) {
  const names = new Set(repository?.checks.map((check) => check.name));
  return DEFAULT_ACCEPTANCE_CRITERIA.map(({ text, check }) => ({ text, check: names.has(check) ? check : "" }));
}

export function initialSpecFormState(repositories: RepositoryOption[]): SpecFormState {
  return {
    repositoryId: repositories[0]?.id ?? "",
    name: "",
    branch: "",
    branchEdited: false,
    goal: "",
    context: "",
    files: [],
    criteria: defaultCriteria(repositories[0]),
    agentKind: "script",
    script: "",
    argv: "",
    agentMode: "",
    model: "",
    timeoutSeconds: String(DEFAULT_TIMEOUT_SECONDS),
    autoFixAttempts: "0",
    budgetUsd: "",
  };
}

/** The body the form submits: the same shape as POST /api/v1/tasks. */
export function specInput(state: SpecFormState) {
  const timeout = Number(state.timeoutSeconds);
  return {
    repositoryId: state.repositoryId,
    name: state.name,
    ...(state.branch.trim() ? { branch: state.branch.trim() } : {}),
    goal: state.goal,
    context: state.context,
    files: state.files,
    acceptanceCriteria: state.criteria.map(({ text, check }) => (check ? { text, check } : { text })),
    agent: agentInput(state),
    timeoutSeconds: state.timeoutSeconds.trim() === "" || Number.isNaN(timeout) ? state.timeoutSeconds : timeout,
    autoFixAttempts: Number(state.autoFixAttempts),
    ...(state.budgetUsd.trim() ? { budgetUsd: Number.isNaN(Number(state.budgetUsd)) ? state.budgetUsd : Number(state.budgetUsd) } : {}),
  };
}

/**
 * The form filled from a Markdown spec: every field it has replaces the form's, and a criterion that
 * names no check is linked to the repository's check it speaks of.
 */
export function withMarkdownSpec(state: SpecFormState, spec: MarkdownSpec, repository: RepositoryOption | undefined): SpecFormState {
  return {
    ...state,
    name: spec.name,
    branch: spec.branch ?? "",
    branchEdited: spec.branch !== undefined,
    goal: spec.goal,
    context: spec.context,
    files: spec.files,
    criteria: spec.acceptanceCriteria
      ? spec.acceptanceCriteria.map(({ text, check }) => ({ text, check: check ?? checkForCriterion(text, repository?.checks ?? []) ?? "" }))
      : defaultCriteria(repository),
  };
}

function agentInput(state: SpecFormState): Record<string, unknown> {
  if (state.agentKind === "script") return { kind: "script", script: state.script };
  if (state.agentKind === "command") return { kind: "command", argv: state.argv.split("\n").filter((line) => line.trim() !== "") };
  const mode = AGENT_MODE_FIELDS[state.agentKind];
  return {
    kind: state.agentKind,
    ...(mode && state.agentMode ? { [mode.name]: state.agentMode } : {}),
    ...(state.model.trim() ? { model: state.model.trim() } : {}),
  };
}

/** What each part of the spec form gets: the state, a way to change it, and its fields' errors. */
export type SectionProps = {
  state: SpecFormState;
  update: (change: Partial<SpecFormState>) => void;
  error: (field: string) => string | undefined;
};
