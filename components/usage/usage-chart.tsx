"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface UsageBar {
  label: string;
  costUsd: number;
  runs: number;
}

// Small amounts keep enough digits for the axis's ticks to differ.
const usd = (value: number) => (value === 0 ? "$0" : `$${value.toFixed(value >= 10 ? 0 : value >= 0.1 ? 2 : 3)}`);

/** Cost per bar (a day, an agent), with each bar's runs in its tooltip; axes follow the text colour of the theme. */
export function UsageChart({ bars, label }: { bars: UsageBar[]; label: string }) {
  return (
    <figure className="h-60 w-full text-slate-500" aria-label={label} data-testid="usage-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={bars} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.15} />
          <XAxis dataKey="label" tick={{ fill: "currentColor", fontSize: 11 }} stroke="currentColor" strokeOpacity={0.4} interval="preserveStartEnd" minTickGap={12} />
          <YAxis tickFormatter={usd} tick={{ fill: "currentColor", fontSize: 11 }} stroke="currentColor" strokeOpacity={0.4} width={48} />
          <Tooltip
            formatter={(value, _name, item) => [`${usd(Number(value))} · ${(item.payload as UsageBar).runs} run${(item.payload as UsageBar).runs === 1 ? "" : "s"}`, "Cost"]}
            contentStyle={{ background: "var(--color-slate-900)", border: "none", borderRadius: 6, color: "white", fontSize: 12 }}
            labelStyle={{ color: "white" }}
            cursor={{ fill: "currentColor", fillOpacity: 0.08 }}
          />
          <Bar dataKey="costUsd" fill="var(--color-indigo-500)" radius={[3, 3, 0, 0]} maxBarSize={64} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
