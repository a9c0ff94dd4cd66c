import type { RunDto } from "@/lib/runs/dto";

const tokenCount = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });

export function formatUsd(value: number): string {
  return value < 0.01 && value > 0 ? `$${value.toFixed(4)}` : `$${value.toFixed(2)}`;
}

/** A run's tokens and cost, once its agent ended: "12.4K tokens · $0.03" (est. when estimated). */
export function RunUsage({ usage }: { usage: RunDto["usage"] }) {
  if (!usage || (usage.inputTokens === null && usage.outputTokens === null && usage.costUsd === null)) return null;
  const tokens = (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0);
  const title = [
    usage.model,
    `${usage.inputTokens ?? "?"} in (${usage.cacheReadTokens ?? 0} from cache), ${usage.outputTokens ?? "?"} out`,
    usage.cpuSeconds === null ? null : `${usage.cpuSeconds.toFixed(1)} s CPU`,
  ]
    .filter(Boolean)
    .join(" · ");
  return (
    <span data-testid="run-usage" className="text-xs text-slate-600" title={title}>
      {tokenCount.format(tokens)} tokens ·{" "}
      {usage.costUsd === null ? "cost unknown" : `${formatUsd(usage.costUsd)}${usage.costSource === "estimated" ? " est." : ""}`}
    </span>
  );
}

/** The task's runs' cost beside its budget: "Spent $0.42 of $5.00". */
export function TaskSpend({ runs, budgetUsd }: { runs: RunDto[]; budgetUsd: number | null }) {
  const spent = runs.reduce((sum, run) => sum + (run.usage?.costUsd ?? 0), 0);
  if (budgetUsd === null && spent === 0) return null;
  const over = budgetUsd !== null && spent >= budgetUsd;
  return (
    <p data-testid="task-spend" className={`text-sm ${over ? "font-medium text-red-700" : "text-slate-600"}`}>
      Spent {formatUsd(spent)}
      {budgetUsd === null ? " (no budget)" : ` of ${formatUsd(budgetUsd)}${over ? ": the budget is spent, no more runs" : ""}`}
    </p>
  );
}
