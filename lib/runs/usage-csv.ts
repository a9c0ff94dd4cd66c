import type { UsageReport } from "./usage-report.ts";

const COLUMNS = ["key", "label", "runs", "inputTokens", "outputTokens", "costUsd", "unknownCostRuns"] as const;

/**
 * The report's groups as CSV (one row each, then the total), for a spreadsheet: a cell a spreadsheet
 * would run as a formula (=, +, -, @) is quoted with a leading apostrophe.
 */
export function usageCsv(report: UsageReport): string {
  const rows = [
    [...COLUMNS],
    ...report.groups.map((group) => COLUMNS.map((column) => group[column])),
    ["total", "", ...COLUMNS.slice(2).map((column) => report.total[column as keyof UsageReport["total"]])],
  ];
  return `${rows.map((row) => row.map(cell).join(",")).join("\r\n")}\r\n`;
}

function cell(value: string | number): string {
  if (typeof value === "number") return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
