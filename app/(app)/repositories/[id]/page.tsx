import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { RepositoryForm } from "@/components/repositories/repository-form";
import { Card } from "@/components/ui/card";
import { requirePageActor } from "@/lib/auth/page-actor";
import { can } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { getRepository } from "@/lib/repositories/queries";

export const dynamic = "force-dynamic";

const pageRepository = cache(async (id: string) => {
  const actor = await requirePageActor();
  return getRepository(actor, id).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
});

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `${(await pageRepository((await params).id)).name} · Repository` };
}

export default async function RepositoryPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ registered?: string }> }) {
  const actor = await requirePageActor();
  const repository = await pageRepository((await params).id);
  const registered = (await searchParams).registered === "1";
  if (can(actor, "repository.manage")) {
    return (
      <>
        <h1 className="text-xl font-semibold">{repository.name}</h1>
        {registered ? (
          <div role="status" className="flex flex-wrap items-center gap-3 rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800">
            <span>
              Registered: <span className="font-mono">{repository.upstream}</span>, base branch <span className="font-mono">{repository.baseBranch}</span>.
            </span>
            {can(actor, "task.create") ? (
              <Link href={`/tasks/new?repositoryId=${encodeURIComponent(repository.id)}`} className="font-medium text-indigo-700 hover:underline">
                Create a task in {repository.name} →
              </Link>
            ) : null}
          </div>
        ) : null}
        <RepositoryForm
          repositoryId={repository.id}
          initial={{
            name: repository.name,
            upstream: repository.upstream,
            baseBranch: repository.baseBranch,
            setupCommand: repository.setupCommand ?? "",
            agentNetwork: repository.agentNetwork,
            checkNetwork: repository.checkNetwork,
            allowedHosts: repository.allowedHosts.join("\n"),
            maxConcurrentRuns: String(repository.maxConcurrentRuns),
            taskBudgetUsd: repository.taskBudgetUsd === null ? "" : String(repository.taskBudgetUsd),
            monthlyBudgetUsd: repository.monthlyBudgetUsd === null ? "" : String(repository.monthlyBudgetUsd),
            requiredApprovals: String(repository.requiredApprovals),
            allowSelfApproval: repository.allowSelfApproval,
            requireUpToDate: repository.requireUpToDate,
            deleteBranchOnMerge: repository.deleteBranchOnMerge,
            checks: repository.checks.map(({ name, command, required, timeoutSeconds, junitPath }) => ({ name, command, required, timeoutSeconds: String(timeoutSeconds), junitPath: junitPath ?? "" })),
          }}
        />
      </>
    );
  }
  return (
    <>
      <h1 className="text-xl font-semibold">{repository.name}</h1>
      <Card title="Configuration">
        <dl className="grid grid-cols-[10rem_1fr] gap-y-1 text-sm">
          <dt className="text-slate-500">Upstream</dt>
          <dd className="font-mono">{repository.upstream}</dd>
          <dt className="text-slate-500">Base branch</dt>
          <dd className="font-mono">{repository.baseBranch}</dd>
          <dt className="text-slate-500">Checks</dt>
          <dd>
            {repository.checks.map((check) => (
              <div key={check.name}>
                <span className="font-medium">{check.name}</span> <span className="font-mono text-xs">{check.command}</span>
                {check.required ? " (required)" : ""}
              </div>
            ))}
          </dd>
        </dl>
      </Card>
    </>
  );
}
