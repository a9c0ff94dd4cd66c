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
  files: Array<{ path: string; change: string }>;
  criteria: Array<{ text: string; check: string }>;
  agentKind: "script" | "command";
  script: string;
  argv: string;
  timeoutSeconds: string;
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
    files: [],
    criteria: defaultCriteria(repositories[0]),
    agentKind: "script",
    script: "",
    argv: "",
    timeoutSeconds: String(DEFAULT_TIMEOUT_SECONDS),
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
    files: state.files,
    acceptanceCriteria: state.criteria.map(({ text, check }) => (check ? { text, check } : { text })),
    agent:
      state.agentKind === "script"
        ? { kind: "script" as const, script: state.script }
        : { kind: "command" as const, argv: state.argv.split("\n").filter((line) => line.trim() !== "") },
    timeoutSeconds: state.timeoutSeconds.trim() === "" || Number.isNaN(timeout) ? state.timeoutSeconds : timeout,
  };
}
