import type { ReactNode } from "react";

export type Column = string | { label: string; hidden: true };

/** A labelled table with the project's header style; the caller renders the rows. */
export function Table({ label, columns, children }: { label: string; columns: Column[]; children: ReactNode }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" aria-label={label}>
        <thead className="border-b border-slate-200 text-xs uppercase text-slate-500">
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
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}
