/** The kinds of check a criterion may speak of, and how a repository's check of that kind is recognised. */
const CHECK_KINDS = [
  { criterion: /\btype[\s-]?check|\btypes?\b|\btyping\b/i, check: /type[\s_-]?check|\btsc\b|mypy|pyright/i },
  { criterion: /\btests?\b|\bspecs?\b/i, check: /test|jest|vitest|pytest|mocha|spec/i },
  { criterion: /\blint/i, check: /lint|clippy|ruff|flake8/i },
  { criterion: /\bformat/i, check: /format|prettier|fmt/i },
  { criterion: /\bbuild/i, check: /build|compile/i },
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The repository check a criterion written in words stands for: the check it names, else the first
 * check of the kind it speaks of ("Tests pass" → the check that runs the tests). Null when none fits.
 */
export function checkForCriterion(text: string, checks: { name: string; command: string }[]): string | null {
  const named = checks.find((check) => new RegExp(`(^|[^\\w-])${escapeRegExp(check.name)}($|[^\\w-])`, "i").test(text));
  if (named) return named.name;
  const kind = CHECK_KINDS.find((candidate) => candidate.criterion.test(text));
  if (!kind) return null;
  return (checks.find((check) => kind.check.test(check.name)) ?? checks.find((check) => kind.check.test(check.command)))?.name ?? null;
}
