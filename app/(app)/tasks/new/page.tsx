import type { Metadata } from "next";
import { Forbidden } from "@/components/forbidden";
import { TaskSpecForm } from "@/components/tasks/task-spec-form";
import { requirePageActor } from "@/lib/auth/page-actor";
import { can } from "@/lib/auth/permissions";
import { listRepositories } from "@/lib/repositories/queries";
import { detectAgents } from "@/lib/agents/registry";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "New task" };

export default async function NewTaskPage({ searchParams }: { searchParams: Promise<{ repositoryId?: string }> }) {
  const actor = await requirePageActor();
  if (!can(actor, "task.create")) return <Forbidden message="Creating tasks needs the operator role or above." />;
  const [all, agents] = await Promise.all([listRepositories(actor), detectAgents()]);
  // "Create a task in <repository>" links here with it: the form starts on the first one.
  const chosen = (await searchParams).repositoryId;
  const repositories = [...all.filter((repository) => repository.id === chosen), ...all.filter((repository) => repository.id !== chosen)];
  return (
    <>
      <h1 className="text-xl font-semibold">New task</h1>
      <TaskSpecForm
        canUseCommandAgent={can(actor, "task.useCommandAgent")}
        detectedAgents={agents
          .filter((agent) => agent.available && agent.kind !== "script" && agent.kind !== "command")
          .map(({ kind, label, version, checking }) => ({ kind, label, ...(version ? { version } : {}), ...(checking ? { checking } : {}) }))}
        repositories={repositories.map((repository) => ({
          id: repository.id,
          name: repository.name,
          baseBranch: repository.baseBranch,
          checks: repository.checks.map((check) => ({ name: check.name, command: check.command })),
        }))}
      />
    </>
  );
}
