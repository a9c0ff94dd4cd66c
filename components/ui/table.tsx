import type { ReactNode } from "react";

export type Column = string | { label: string; hidden: true };

/**
 * A labelled table with the project's header style; the caller renders the rows. `stacked`: below
 * the small breakpoint the header hides and rows lay out as blocks (their cells say what they are).
 */
export function Table({ label, columns, children, stacked = false }: { label: string; columns: Column[]; children: ReactNode; stacked?: boolean }) {
  return (
    <div className="overflow-x-auto">
      <table className={`w-full text-left text-sm ${stacked ? "block sm:table" : ""}`} aria-label={label}>
        <thead className={`border-b border-slate-200 text-xs uppercase text-slate-500 ${stacked ? "hidden sm:table-header-group" : ""}`}>
          <tr>
            {columns.map((column, index) => {
              const padding = index === columns.length - 1 ? "py-2" : "py-2 pr-4";
              return typeof column === "string" ? (
                <th key={column} className={`${padding} font-medium`}>
                  {column}
                </th>
              ) : (
                <th key={column.label} className={`${padding} font-medium`}>
                  <span className="sr-only">{column.label}</span>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className={`divide-y divide-slate-100 ${stacked ? "block sm:table-row-group" : ""}`}>{children}</tbody>
      </table>
    </div>
  );
}
