import type { Metadata } from "next";
import Link from "next/link";
import { UsageChart } from "@/components/usage/usage-chart";
import { Button } from "@/components/ui/button";
import { Card, EmptyState, ErrorBanner } from "@/components/ui/card";
import { Input } from "@/components/ui/field";
import { Table } from "@/components/ui/table";
import { requirePageActor } from "@/lib/auth/page-actor";
import { AppError } from "@/lib/errors";
import { type UsageReport, usageGroups, usageReport } from "@/lib/runs/usage-report";

type UsageGroups = Awaited<ReturnType<typeof usageGroups>>;

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Usage" };

const DAY_MS = 86_400_000;
const PRESETS = [7, 30, 90];

const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const usd = (value: number) => `$${value.toFixed(2)}`;
const count = (value: number) => value.toLocaleString("en-US");

/** The range as a person picks it: whole days (UTC), the last one included. */
function dayRange(query: { from?: string; to?: string }) {
  const today = isoDay(new Date());
  const to = query.to || today;
  const from = query.from || isoDay(new Date(Date.parse(`${to}T00:00:00Z`) - 29 * DAY_MS));
  const end = Date.parse(`${to}T00:00:00Z`);
  return { from, to, apiRange: { from, to: Number.isNaN(end) ? to : isoDay(new Date(end + DAY_MS)) } };
}

export default async function UsagePage({ searchParams }: { searchParams: Promise<{ from?: string; to?: string }> }) {
  const actor = await requirePageActor();
  const range = dayRange(await searchParams);
  let reports: { day: UsageReport } & Record<"agent" | "repository" | "user", UsageGroups>;
  try {
    // What merged tasks cost is read once, with the days.
    const [day, [agent, repository, user]] = await Promise.all([
      usageReport(actor, { ...range.apiRange, groupBy: "day" }),
      Promise.all((["agent", "repository", "user"] as const).map((groupBy) => usageGroups(actor, { ...range.apiRange, groupBy }))),
    ]);
    reports = { day, agent: agent!, repository: repository!, user: user! };
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "validation_failed") throw error;
    return (
      <>
        <h1 className="text-xl font-semibold">Usage</h1>
        <ErrorBanner message={`${Object.values(error.fields ?? {})[0] ?? error.message}.`} />
        <Link className="text-sm text-indigo-700 hover:underline" href="/usage">
          Show the last 30 days
        </Link>
      </>
    );
  }
  const { total, mergedTasks } = reports.day;
  const csv = (groupBy: string) => `/api/v1/usage.csv?${new URLSearchParams({ groupBy, ...range.apiRange })}`;
  const byDay = new Map(reports.day.groups.map((group) => [group.key, group]));
  const days: { label: string; costUsd: number; runs: number }[] = [];
  for (let at = Date.parse(`${range.from}T00:00:00Z`); at <= Date.parse(`${range.to}T00:00:00Z`); at += DAY_MS) {
    const key = isoDay(new Date(at));
    days.push({ label: key.slice(5), costUsd: byDay.get(key)?.costUsd ?? 0, runs: byDay.get(key)?.runs ?? 0 });
  }
  return (
    <>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-xl font-semibold">Usage</h1>
        <form className="flex flex-wrap items-end gap-2 text-sm" aria-label="Range">
          {PRESETS.map((days) => (
            <Link key={days} className="rounded px-2 py-1.5 text-indigo-700 hover:bg-slate-100" href={`/usage?from=${isoDay(new Date(Date.now() - (days - 1) * DAY_MS))}`}>
              {days} days
            </Link>
          ))}
          <label className="flex flex-col gap-0.5">
            <span className="text-xs text-slate-500">From</span>
            <Input type="date" name="from" defaultValue={range.from} className="w-40" />
          </label>
          <label className="flex flex-col gap-0.5">
            <span className="text-xs text-slate-500">To (included)</span>
            <Input type="date" name="to" defaultValue={range.to} className="w-40" />
          </label>
          <Button type="submit" variant="secondary">
            Show
          </Button>
        </form>
      </div>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5" data-testid="usage-totals">
        <Figure label="Cost" value={usd(total.costUsd)} note={total.unknownCostRuns ? `${total.unknownCostRuns} run${total.unknownCostRuns === 1 ? "" : "s"} of unknown cost` : "reported and estimated"} />
        <Figure label="Runs" value={count(total.runs)} />
        <Figure label="Input tokens" value={count(total.inputTokens)} />
        <Figure label="Output tokens" value={count(total.outputTokens)} />
        <Figure label="Cost per merged task" value={mergedTasks.costPerTaskUsd === null ? "—" : usd(mergedTasks.costPerTaskUsd)} note={`${mergedTasks.tasks} merged`} />
      </dl>
      {total.runs === 0 ? (
        <Card>
          <EmptyState>No run ended between {range.from} and {range.to}. Runs record their tokens and cost when their agent ends; pick a wider range or spawn an agent.</EmptyState>
        </Card>
      ) : (
        <>
          <Card title="Cost per day (UTC)" actions={<CsvLink href={csv("day")} />}>
            <UsageChart bars={days} label="Cost per day" />
          </Card>
          <div className="grid gap-4 lg:grid-cols-2">
            <Card title="Per agent" actions={<CsvLink href={csv("agent")} />}>
              <UsageChart bars={reports.agent.groups.map((group) => ({ label: group.label, costUsd: group.costUsd, runs: group.runs }))} label="Cost per agent" />
              <GroupTable report={reports.agent} label="Usage per agent" />
            </Card>
            <Card title="Per repository" actions={<CsvLink href={csv("repository")} />}>
              <GroupTable report={reports.repository} label="Usage per repository" />
            </Card>
            <Card title="Per person" actions={<CsvLink href={csv("user")} />}>
              <GroupTable report={reports.user} label="Usage per person" />
            </Card>
          </div>
        </>
      )}
    </>
  );
}

function Figure({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-3 py-2 shadow-sm">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums">{value}</dd>
      {note ? <dd className="text-xs text-slate-500">{note}</dd> : null}
    </div>
  );
}

function CsvLink({ href }: { href: string }) {
  return (
    <a className="text-sm text-indigo-700 hover:underline" href={href} download>
      Download CSV
    </a>
  );
}

function GroupTable({ report, label }: { report: UsageGroups; label: string }) {
  return (
    <Table label={label} columns={["Name", "Runs", "Tokens in / out", "Cost"]} stacked>
      {[...report.groups]
        .sort((a, b) => b.costUsd - a.costUsd)
        .map((group) => (
          <tr key={group.key} className="block py-1 sm:table-row">
            <td className="block break-all font-medium sm:table-cell sm:py-2 sm:pr-4">{group.label}</td>
            <td className="block tabular-nums sm:table-cell sm:py-2 sm:pr-4">
              <span className="sm:hidden">Runs: </span>
              {count(group.runs)}
            </td>
            <td className="block tabular-nums text-slate-600 sm:table-cell sm:py-2 sm:pr-4">
              <span className="sm:hidden">Tokens: </span>
              {count(group.inputTokens)} / {count(group.outputTokens)}
            </td>
            <td className="block tabular-nums sm:table-cell sm:py-2">
              <span className="sm:hidden">Cost: </span>
              {usd(group.costUsd)}
              {group.unknownCostRuns ? <span className="text-xs text-slate-500"> + {group.unknownCostRuns} unknown</span> : null}
            </td>
          </tr>
        ))}
    </Table>
  );
}
