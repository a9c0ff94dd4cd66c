import type { Metadata } from "next";
import Link from "next/link";
import { TryDemo } from "@/components/demo/try-demo";
import { TaskDashboard, type TaskFilters } from "@/components/tasks/task-dashboard";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Select } from "@/components/ui/field";
import { requirePageActor } from "@/lib/auth/page-actor";
import { can } from "@/lib/auth/permissions";
import { TaskStatus } from "@/lib/generated/prisma/enums";
import { listRepositories } from "@/lib/repositories/queries";
import { taskDto } from "@/lib/tasks/dto";
import { taskListQuerySchema } from "@/lib/tasks/list-query-schema";
import { listTasks } from "@/lib/pipeline/list-tasks";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Tasks" };

export default async function DashboardPage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  const actor = await requirePageActor();
  const parsed = taskListQuerySchema.safeParse(await searchParams);
  const filters: TaskFilters = parsed.success ? parsed.data : { page: 1 };
  const [repositories, page] = await Promise.all([listRepositories(actor), listTasks(actor, filters)]);

  return (
    <>
      <div className="flex items-center justify-between">
        <h1 className="text-xl font-semibold">Tasks</h1>
        {can(actor, "task.create") ? (
          <Link href="/tasks/new">
            <Button>New task</Button>
          </Link>
        ) : null}
      </div>
      {repositories.length === 0 && can(actor, "repository.manage") && can(actor, "task.create") ? <TryDemo /> : null}
      <Card>
        {repositories.length === 0 ? (
          <p className="mb-3 text-sm text-slate-600">
            No repositories yet.{" "}
            {can(actor, "repository.manage") ? (
              <Link className="text-indigo-700 underline" href="/repositories/new">
                Register one
              </Link>
            ) : (
              "A maintainer registers repositories."
            )}
          </p>
        ) : null}
        <TaskDashboard
          userId={actor.id}
          repositories={repositories.map((repository) => ({ id: repository.id, name: repository.name }))}
          initialFilters={filters}
          initialPage={{ ...page, items: page.items.map(taskDto) }}
        />
      </Card>
    </>
  );
}
